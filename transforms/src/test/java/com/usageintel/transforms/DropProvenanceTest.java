package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.event;

import com.usageintel.schemas.UsageEvent;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;

public class DropProvenanceTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void emptiesRawTextAndSourceAndKeepsEveryValue() {
    UsageEvent event = event("U1", "2025-09-17T23:04:01.205001Z", "Navigation")
        .setRawText("U1,UK,...").setSourceFile("/data/a.csv").setLineNumber(42).setErrorFlag(null)
        .build();
    UsageEvent expected = UsageEvent.builder()
        .setUserId(event.getUserId())
        .setRegion(event.getRegion())
        .setVehicleModel(event.getVehicleModel())
        .setFeatureName(event.getFeatureName())
        .setSessionDurationMin(event.getSessionDurationMin())
        .setErrorFlag(null)
        .setFeedbackRating(event.getFeedbackRating())
        .setAppVersion(event.getAppVersion())
        .setOsType(event.getOsType())
        .setSubscriptionStatus(event.getSubscriptionStatus())
        .setFeatureUsedAtMicros(event.getFeatureUsedAtMicros())
        .setSourceFile("")
        .setLineNumber(0)
        .setRawText("")
        .build();

    PAssert.that(pipeline.apply(Create.of(event)).apply(DropProvenance.ofEvents()))
        .containsInAnyOrder(expected);
    pipeline.run();
  }
}
