package com.usageintel.transforms;

import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.aggregate.DayState;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.FeatureDayState;
import java.time.Instant;

/** Hand-made events for transform tests: every field known unless a test says otherwise. */
final class TestEvents {
  private TestEvents() {}

  static UsageEvent.Builder event(String userId, String at, String feature) {
    return UsageEvent.builder()
        .setUserId(userId)
        .setRegion("UK")
        .setVehicleModel("VW ID.4")
        .setFeatureName(feature)
        .setSessionDurationMin(12.5)
        .setErrorFlag(0)
        .setFeedbackRating(4.0)
        .setAppVersion("v5.5")
        .setOsType("Android")
        .setSubscriptionStatus("active")
        .setFeatureUsedAt(Instant.parse(at))
        .setSourceFile("a.csv")
        .setLineNumber(2)
        .setRawText(userId + "," + at + "," + feature);
  }

  /** A user's key in these tests: "U7" has key 7. */
  static int keyOf(String userId) {
    return Integer.parseInt(userId.substring(1));
  }

  /** The tally of these events, all on the day {@code dateSk}, each user by {@link #keyOf}. */
  static EventTally tallyOf(int dateSk, UsageEvent... events) {
    EventTally tally = new EventTally();
    for (UsageEvent e : events) {
      tally.add(e, dateSk, keyOf(e.getUserId()));
    }
    return tally;
  }

  /** The state of a day (yyyy-mm-dd) on which these users each used {@code feature} once at noon. */
  static EventTally usesOn(String date, String feature, String... users) {
    UsageEvent[] events = new UsageEvent[users.length];
    for (int i = 0; i < users.length; i++) {
      events[i] = event(users[i], date + "T12:00:00Z", feature).build();
    }
    return tallyOf(Integer.parseInt(date.replace("-", "")), events);
  }

  /** A day's state: these users each used Navigation once on it. */
  static DayState dayOf(String date, String... users) {
    return new DayState(Integer.parseInt(date.replace("-", "")), usesOn(date, "Navigation", users));
  }

  /** A feature's state of a day on which these users each used it once. */
  static FeatureDayState featureDayOf(String feature, String date, String... users) {
    return new FeatureDayState(feature, Integer.parseInt(date.replace("-", "")),
        usesOn(date, feature, users));
  }
}
