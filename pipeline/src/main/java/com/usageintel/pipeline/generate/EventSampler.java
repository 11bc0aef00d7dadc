package com.usageintel.pipeline.generate;

import java.util.SplittableRandom;

/**
 * Draws realistic events: who, when, what they did and how it went. Feature popularity depends on
 * the car (an EV owner checks charging, a Golf owner hardly does) and the hour; errors depend on
 * feature, app version and platform; ratings drop after an error.
 */
final class EventSampler {
  private static final Feature[] FEATURES = Feature.values();
  private static final Region[] REGIONS = Region.values();

  /** Travellers: a few events are logged wherever the user happens to be. */
  private static final double ROAMING = 0.004;
  /** A failed session ends early. */
  private static final double FAILED_SESSION_FACTOR = 0.5;
  /** Rating weights for 1 to 5 stars. */
  private static final WeightedChoice RATING_AFTER_SUCCESS = new WeightedChoice(2, 4, 14, 40, 40);
  private static final WeightedChoice RATING_AFTER_ERROR = new WeightedChoice(32, 30, 20, 12, 6);

  private final Fleet fleet;
  private final UsageCalendar calendar;
  private final int firstDay;
  private final int lastDay;
  private final WeightedChoice[][] featuresByModelAndHour;

  /** Samples events on the days of {@code window}, of users who have joined by its last day. */
  EventSampler(Fleet fleet, UsageCalendar calendar, DayWindow window) {
    if (fleet.firstJoinDay() > window.lastDay()) {
      throw new IllegalArgumentException("no user has joined by " + window.to() + ", the window's last day");
    }
    this.fleet = fleet;
    this.calendar = calendar;
    this.firstDay = window.firstDay();
    this.lastDay = window.lastDay();
    VehicleModel[] models = VehicleModel.values();
    featuresByModelAndHour = new WeightedChoice[models.length][24];
    for (VehicleModel model : models) {
      for (int hour = 0; hour < 24; hour++) {
        double[] weights = model.featureWeights.clone();
        for (int feature = 0; feature < weights.length; feature++) {
          weights[feature] *= hourFactor(FEATURES[feature], hour);
        }
        featuresByModelAndHour[model.ordinal()][hour] = new WeightedChoice(weights);
      }
    }
  }

  /** Navigation at commute times, pre-heating before the morning drive, charging checks in the evening. */
  private static double hourFactor(Feature feature, int hour) {
    switch (feature) {
      case NAVIGATION:
        return (hour >= 7 && hour <= 9) || (hour >= 16 && hour <= 18) ? 1.8 : 1.0;
      case CLIMATE_CONTROL:
      case REMOTE_START:
        return hour >= 6 && hour <= 8 ? 1.5 : 1.0;
      case CHARGING_STATUS:
        return hour >= 18 && hour <= 23 ? 1.6 : 1.0;
      case TRIP_HISTORY:
        return hour >= 19 && hour <= 22 ? 1.3 : 1.0;
      default:
        return 1.0;
    }
  }

  void sample(SplittableRandom random, SampledEvent event) {
    int user;
    do {
      // Users who join after the window have no events in it; drawing again keeps the row count.
      // Over the whole calendar nobody is drawn again, so those files are as they were without a window.
      user = fleet.pickUser(random);
    } while (fleet.joinDay(user) > lastDay);
    int day = calendar.pickDay(random, Math.max(firstDay, fleet.joinDay(user)), lastDay);
    int hour = calendar.pickHour(random, day);
    event.user = user;
    event.day = day;
    event.microOfDay = hour * UsageCalendar.MICROS_PER_HOUR + random.nextLong(UsageCalendar.MICROS_PER_HOUR);
    event.region = random.nextDouble() < ROAMING ? REGIONS[random.nextInt(REGIONS.length)] : fleet.regionOn(user, day);
    event.car = fleet.carOn(user, day);
    event.feature = FEATURES[featuresByModelAndHour[event.car.ordinal()][hour].pick(random)];
    event.platform = fleet.platform(user);
    event.status = fleet.statusOn(user, day);
    event.version = fleet.versionOn(user, day);

    double errorProbability =
        event.feature.baseErrorRate * event.version.errorFactor(event.platform) * event.platform.errorFactor;
    event.error = random.nextDouble() < errorProbability;

    double minutes =
        event.feature.medianSessionMinutes
            * Math.exp(event.feature.sessionSigma * random.nextGaussian())
            * (event.error ? FAILED_SESSION_FACTOR : 1.0);
    event.sessionTenthsOfMinute = Math.max(1, (int) Math.round(minutes * 10));
    event.rating = 1 + (event.error ? RATING_AFTER_ERROR : RATING_AFTER_SUCCESS).pick(random);
  }
}
