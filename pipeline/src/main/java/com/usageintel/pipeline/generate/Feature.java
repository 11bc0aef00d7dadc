package com.usageintel.pipeline.generate;

/**
 * The seven app features. Each fails at its own base rate and has its own typical session: a
 * navigation session lasts a drive, a lock or unlock a few seconds.
 */
enum Feature {
  NAVIGATION(0.06, 17.0, 0.65, "Navigation", "nav", "navigation", "NAV"),
  LOCK_UNLOCK(0.03, 0.6, 0.5, "Lock/Unlock", "lock/unlock", "Lock, Unlock", "LOCK/UNLOCK", "lock unlock"),
  CLIMATE_CONTROL(0.05, 7.0, 0.5, "Climate Control", "climate control", "Remote Climate", "Climate  Control"),
  CHARGING_STATUS(0.07, 2.5, 0.6, "Charging Status", "Charging", "charging status", "charging"),
  REMOTE_START(0.09, 4.0, 0.4, "Remote Start", "remote start", " Remote Start", "Remote-Start"),
  TRIP_HISTORY(0.025, 3.0, 0.7, "Trip History", "trip history", "Trips", "TripHistory"),
  VOICE_ASSISTANT(0.12, 1.2, 0.6, "Voice Assistant", "voice", "Voice", "voice assistant");

  final double baseErrorRate;
  final double medianSessionMinutes;
  /** Spread of the log-normal session length. */
  final double sessionSigma;
  final Spelling spelling;

  Feature(
      double baseErrorRate,
      double medianSessionMinutes,
      double sessionSigma,
      String canonical,
      String... variants) {
    this.baseErrorRate = baseErrorRate;
    this.medianSessionMinutes = medianSessionMinutes;
    this.sessionSigma = sessionSigma;
    this.spelling = new Spelling(canonical, variants);
  }
}
