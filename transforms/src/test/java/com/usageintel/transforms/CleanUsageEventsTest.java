package com.usageintel.transforms;

import com.usageintel.schemas.FieldIssue;
import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.RawRecord;
import com.usageintel.schemas.ReferenceData;
import com.usageintel.schemas.RejectedRecord;
import com.usageintel.schemas.UsageEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;

public class CleanUsageEventsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static RawRecord.Builder raw(long line) {
    return RawRecord.builder()
        .setSourceFile("a.csv")
        .setLineNumber(line)
        .setRawText("line " + line)
        .setUserId(" u 001 ")
        .setRegion("deutschland")
        .setVehicleModel("vw id.4")
        .setFeatureName("voice")
        .setSessionDurationMin("12,5")
        .setErrorFlag("TRUE")
        .setFeedbackRating("four")
        .setAppVersion("version 5.10.2")
        .setOsType("  ios")
        .setSubscriptionStatus("canceled")
        .setFeatureUsedAt("2025-03-30 02:30:00");
  }

  @Test
  public void cleansGoodRecordsAndRejectsBadOnesWithEveryIssue() {
    RawRecord good = raw(2).build();
    RawRecord noUser = raw(3).setUserId("N/A").setRegion("Austria").build();
    RawRecord badTime = raw(4).setFeatureUsedAt("2025-02-30 10:00").setFeatureName("").build();

    CleanUsageEvents.Result cleaned =
        pipeline
            .apply(Create.of(good, noUser, badTime))
            .apply(
                CleanUsageEvents.with(ReferenceData.loadDefault())
                    .withSourceZone(ZoneId.of("Europe/Berlin"))
                    .withDurationCapMinutes(10));

    // By hand: 02:30 on 2025-03-30 does not exist in Berlin (clocks jump 02:00 -> 03:00); the
    // offset before the jump (+01:00) gives 01:30Z. 12.5 minutes is above the cap of 10.
    PAssert.that(cleaned.events())
        .containsInAnyOrder(
            UsageEvent.builder()
                .setUserId("U 001")
                .setRegion("Germany")
                .setVehicleModel("VW ID.4")
                .setFeatureName("Voice Assistant")
                .setSessionDurationMin(10.0)
                .setErrorFlag(1)
                .setFeedbackRating(4.0)
                .setAppVersion("v5.10")
                .setOsType("iOS")
                .setSubscriptionStatus("cancelled")
                .setFeatureUsedAt(Instant.parse("2025-03-30T01:30:00Z"))
                .setSourceFile("a.csv")
                .setLineNumber(2)
                .setRawText("line 2")
                .build());
    PAssert.that(cleaned.rejected())
        .containsInAnyOrder(
            RejectedRecord.create("a.csv", 3, "line 3", "line 3".getBytes(StandardCharsets.UTF_8),
                List.of("MISSING_USER_ID")),
            RejectedRecord.create("a.csv", 4, "line 4", "line 4".getBytes(StandardCharsets.UTF_8),
                List.of("MISSING_FEATURE", "INVALID_TIMESTAMP")));
    PAssert.that(cleaned.issues())
        .containsInAnyOrder(
            FieldIssue.create("session_duration_min", IssueCode.DURATION_CAPPED, "12,5", "a.csv", 2),
            FieldIssue.create("user_id", IssueCode.MISSING_USER_ID, "N/A", "a.csv", 3),
            FieldIssue.create("region", IssueCode.UNMAPPED_VALUE, "Austria", "a.csv", 3),
            FieldIssue.create("session_duration_min", IssueCode.DURATION_CAPPED, "12,5", "a.csv", 3),
            FieldIssue.create("feature_name", IssueCode.MISSING_FEATURE, "", "a.csv", 4),
            FieldIssue.create("session_duration_min", IssueCode.DURATION_CAPPED, "12,5", "a.csv", 4),
            FieldIssue.create(
                "feature_used_at", IssueCode.INVALID_TIMESTAMP, "2025-02-30 10:00", "a.csv", 4));
    pipeline.run();
  }
}
