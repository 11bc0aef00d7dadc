package com.usageintel.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class UsageEventCoderTest {
  private static UsageEvent.Builder event() {
    return UsageEvent.builder()
        .setUserId("U001")
        .setRegion("UK")
        .setVehicleModel("VW ID.4")
        .setFeatureName("Navigation")
        .setSessionDurationMin(12.5)
        .setErrorFlag(0)
        .setFeedbackRating(4.0)
        .setAppVersion("5.5")
        .setOsType("Android")
        .setSubscriptionStatus("Active")
        .setFeatureUsedAtMicros(1_758_150_241_205_001L)
        .setSourceFile("/data/usage.csv")
        .setLineNumber(3)
        .setRawText("U001,UK,VW ID.4,Navigation,12.5,0,4,v5.5,Android,active,2025-09-17T23:04:01.205001Z");
  }

  @Test
  void everyFieldSurvivesTheRoundTrip() throws Exception {
    UsageEvent[] events = {
      event().build(),
      // Every optional field NULL, text empty or beyond the Basic Multilingual Plane, extremes.
      event().setSessionDurationMin(null).setErrorFlag(null).setFeedbackRating(null)
          .setUserId("").setRegion("Zürich 🚗").setRawText("").setSourceFile("")
          .setFeatureUsedAtMicros(Long.MIN_VALUE).setLineNumber(Long.MAX_VALUE).build(),
      event().setSessionDurationMin(-0.0).setErrorFlag(1).setFeedbackRating(Double.MIN_VALUE)
          .setFeatureUsedAtMicros(-1).setLineNumber(0).build(),
    };
    for (UsageEvent original : events) {
      byte[] bytes = CoderUtils.encodeToByteArray(UsageEventCoder.of(), original);
      UsageEvent decoded = CoderUtils.decodeFromByteArray(UsageEventCoder.of(), bytes);
      // AutoValue's generated equals compares every property, so no field can hide from it.
      assertEquals(original, decoded);
      // A second round trip gives the same bytes: decode reads back all that encode wrote.
      assertArrayEquals(bytes, CoderUtils.encodeToByteArray(UsageEventCoder.of(), decoded));
      // Deterministic: an equal event, built apart, encodes to the same bytes.
      assertArrayEquals(bytes,
          CoderUtils.encodeToByteArray(UsageEventCoder.of(), original.toBuilder().build()));
    }
  }

  @Test
  void eventsThatDifferInOneFieldEncodeDifferently() throws Exception {
    byte[] a = CoderUtils.encodeToByteArray(UsageEventCoder.of(), event().build());
    byte[] nullRating = CoderUtils.encodeToByteArray(
        UsageEventCoder.of(), event().setFeedbackRating(null).build());
    byte[] laterLine = CoderUtils.encodeToByteArray(
        UsageEventCoder.of(), event().setLineNumber(4).build());
    assertNotEquals(Arrays.toString(a), Arrays.toString(nullRating));
    assertNotEquals(Arrays.toString(a), Arrays.toString(laterLine));
  }

  @Test
  void isTheCoderBeamChoosesForEvents() throws Exception {
    assertEquals(UsageEventCoder.of(), CoderRegistry.createDefault().getCoder(UsageEvent.class));
  }
}
