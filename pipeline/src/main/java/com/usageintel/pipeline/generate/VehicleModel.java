package com.usageintel.pipeline.generate;

/**
 * The five connected models, with each one's share of the fleet, how much its owners use each
 * feature, and the spellings seen in the raw file. The Golf is the one combustion car: its owners
 * hardly ever check charging.
 */
enum VehicleModel {
  AUDI_E_TRON(17, featureWeights(20, 18, 15, 22, 8, 9, 8),
      "Audi e-tron", "Audi  e-tron", "audi e-tron", "Audi e-Tron", "AUDI E-TRON"),
  PORSCHE_TAYCAN(10, featureWeights(18, 14, 16, 20, 10, 8, 14),
      "Porsche Taycan", "Porsche  Taycan", "porsche taycan", "Taycan"),
  SKODA_ENYAQ(20, featureWeights(22, 20, 14, 21, 7, 10, 6),
      "Škoda Enyaq", "SkodaEnyaq", "Skoda Enyaq", "skoda enyaq", "ŠKODA ENYAQ"),
  VW_GOLF(25, featureWeights(30, 26, 12, 3, 14, 10, 5),
      "VW Golf", "VW  Golf", "vw golf", "Volkswagen Golf", "VW-Golf"),
  VW_ID4(28, featureWeights(22, 20, 15, 22, 7, 9, 5),
      "VW ID.4", "VW-ID4", "vw id.4", "VW ID4", "Volkswagen ID.4");

  final double fleetShare;
  /** Relative use of each {@link Feature}, indexed by its ordinal. */
  final double[] featureWeights;
  final Spelling spelling;

  VehicleModel(double fleetShare, double[] featureWeights, String canonical, String... variants) {
    this.fleetShare = fleetShare;
    this.featureWeights = featureWeights;
    this.spelling = new Spelling(canonical, variants);
  }

  /** Weights in {@link Feature} order, named so that a row of numbers reads as what it means. */
  private static double[] featureWeights(
      double navigation,
      double lockUnlock,
      double climateControl,
      double chargingStatus,
      double remoteStart,
      double tripHistory,
      double voiceAssistant) {
    return new double[] {
      navigation, lockUnlock, climateControl, chargingStatus, remoteStart, tripHistory, voiceAssistant
    };
  }
}
