package com.usageintel.transforms;

import com.usageintel.schemas.UsageEvent;
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
}
