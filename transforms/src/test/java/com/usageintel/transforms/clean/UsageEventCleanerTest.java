package com.usageintel.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.schemas.FieldIssue;
import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.RawColumns;
import com.usageintel.schemas.RawRecord;
import com.usageintel.schemas.ReferenceData;
import com.usageintel.schemas.UsageEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Contract sections 2, 3 and 7: a raw record to an event or a rejection, with its field issues. */
class UsageEventCleanerTest {
  private static final String FILE = "usage-2024-03.csv";
  private static final long LINE = 42;
  private static final ReferenceData REFERENCE_DATA = ReferenceData.loadDefault();
  private static final UsageEventCleaner CLEANER =
      new UsageEventCleaner(REFERENCE_DATA, ZoneOffset.UTC, SessionDurations.DEFAULT_CAP_MINUTES);

  /** A record with every field usable; each test changes the fields it is about. */
  private static final Map<String, String> GOOD_VALUES =
      Map.ofEntries(
          Map.entry(RawColumns.USER_ID, "u001"),
          Map.entry(RawColumns.REGION, "de"),
          Map.entry(RawColumns.VEHICLE_MODEL, "VW-ID4"),
          Map.entry(RawColumns.FEATURE_NAME, "nav"),
          Map.entry(RawColumns.SESSION_DURATION_MIN, "12.5"),
          Map.entry(RawColumns.ERROR_FLAG, "0"),
          Map.entry(RawColumns.FEEDBACK_RATING, "4"),
          Map.entry(RawColumns.APP_VERSION, "5.5"),
          Map.entry(RawColumns.OS_TYPE, "android"),
          Map.entry(RawColumns.SUBSCRIPTION_STATUS, "active"),
          Map.entry(RawColumns.FEATURE_USED_AT, "2024-03-05T14:07:09Z"));

  @Test
  void cleansAGoodRecordWithoutIssues() {
    RawRecord raw = raw(Map.of());

    CleanedRecord cleaned = CLEANER.clean(raw);

    UsageEvent expected =
        UsageEvent.builder()
            .setUserId("U001")
            .setRegion("Germany")
            .setVehicleModel("VW ID.4")
            .setFeatureName("Navigation")
            .setSessionDurationMin(12.5)
            .setErrorFlag(0)
            .setFeedbackRating(4.0)
            .setAppVersion("v5.5")
            .setOsType("Android")
            .setSubscriptionStatus("active")
            .setFeatureUsedAt(Instant.parse("2024-03-05T14:07:09Z"))
            .setSourceFile(FILE)
            .setLineNumber(LINE)
            .setRawText(raw.getRawText())
            .build();
    assertEquals(new CleanedRecord(expected, List.of(), List.of()), cleaned);
    assertFalse(cleaned.isRejected());
    assertEquals(8, cleaned.event().usableFieldCount());
  }

  @Test
  void acceptsARecordWithFieldIssuesOnePerFieldWithTheRawValues() {
    RawRecord raw =
        raw(
            Map.of(
                RawColumns.REGION, " Austria ",
                RawColumns.SESSION_DURATION_MIN, "300",
                RawColumns.ERROR_FLAG, "maybe",
                RawColumns.FEEDBACK_RATING, "N/A",
                RawColumns.APP_VERSION, "beta",
                RawColumns.OS_TYPE, "  ios"));

    CleanedRecord cleaned = CLEANER.clean(raw);

    assertEquals(
        List.of(
            issue(RawColumns.REGION, IssueCode.UNMAPPED_VALUE, " Austria "),
            issue(RawColumns.SESSION_DURATION_MIN, IssueCode.DURATION_CAPPED, "300"),
            issue(RawColumns.ERROR_FLAG, IssueCode.INVALID_ERROR_FLAG, "maybe"),
            issue(RawColumns.FEEDBACK_RATING, IssueCode.MISSING_RATING, "N/A"),
            issue(RawColumns.APP_VERSION, IssueCode.INVALID_APP_VERSION, "beta")),
        cleaned.issues());
    assertEquals(List.of(), cleaned.rejectReasons());
    UsageEvent event = cleaned.event();
    assertEquals("Austria", event.getRegion());
    assertEquals(240.0, event.getSessionDurationMin());
    assertNull(event.getErrorFlag());
    assertNull(event.getFeedbackRating());
    assertEquals(UsageEvent.UNKNOWN, event.getAppVersion());
    assertEquals("iOS", event.getOsType());
    // Unmapped and capped values are usable; the flag, rating and version are not.
    assertEquals(5, event.usableFieldCount());
  }

  @Test
  void aRecordWithEveryScoredFieldUnusableHasNoUsableField() {
    CleanedRecord cleaned =
        CLEANER.clean(
            raw(
                Map.of(
                    RawColumns.REGION, "N/A",
                    RawColumns.VEHICLE_MODEL, "null",
                    RawColumns.SESSION_DURATION_MIN, "-1",
                    RawColumns.ERROR_FLAG, "x",
                    RawColumns.FEEDBACK_RATING, "9",
                    RawColumns.APP_VERSION, "beta",
                    RawColumns.OS_TYPE, "none",
                    RawColumns.SUBSCRIPTION_STATUS, "?")));

    assertEquals(0, cleaned.event().usableFieldCount());
    assertEquals(8, cleaned.issues().size());
  }

  @Test
  void rejectsARecordWithEveryReasonAndKeepsItsFieldIssues() {
    RawRecord raw =
        raw(
            Map.of(
                RawColumns.USER_ID, "  ",
                RawColumns.REGION, "N/A",
                RawColumns.FEATURE_NAME, "null",
                RawColumns.FEATURE_USED_AT, "2024-02-30 10:00"));

    CleanedRecord cleaned = CLEANER.clean(raw);

    assertTrue(cleaned.isRejected());
    assertNull(cleaned.event());
    assertEquals(
        List.of(IssueCode.MISSING_USER_ID, IssueCode.MISSING_FEATURE, IssueCode.INVALID_TIMESTAMP),
        cleaned.rejectReasons());
    assertEquals(
        List.of(
            issue(RawColumns.USER_ID, IssueCode.MISSING_USER_ID, "  "),
            issue(RawColumns.REGION, IssueCode.MISSING_REGION, "N/A"),
            issue(RawColumns.FEATURE_NAME, IssueCode.MISSING_FEATURE, "null"),
            issue(RawColumns.FEATURE_USED_AT, IssueCode.INVALID_TIMESTAMP, "2024-02-30 10:00")),
        cleaned.issues());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          user_id              | MISSING_USER_ID             | true
          region               | MISSING_REGION              | false
          vehicle_model        | MISSING_VEHICLE_MODEL       | false
          feature_name         | MISSING_FEATURE             | true
          session_duration_min | MISSING_DURATION            | false
          error_flag           | MISSING_ERROR_FLAG          | false
          feedback_rating      | MISSING_RATING              | false
          app_version          | MISSING_APP_VERSION         | false
          os_type              | MISSING_OS_TYPE             | false
          subscription_status  | MISSING_SUBSCRIPTION_STATUS | false
          feature_used_at      | MISSING_TIMESTAMP           | true
          """)
  void nullLikeAppliesToEveryField(String field, IssueCode missing, boolean rejects) {
    CleanedRecord cleaned = CLEANER.clean(raw(Map.of(field, "N/A")));

    assertEquals(List.of(issue(field, missing, "N/A")), cleaned.issues());
    assertEquals(rejects ? List.of(missing) : List.of(), cleaned.rejectReasons());
  }

  @Test
  void keepsAnUnmappedFeatureAsItsOwnMember() {
    CleanedRecord cleaned = CLEANER.clean(raw(Map.of(RawColumns.FEATURE_NAME, "Seat  Heating")));

    assertEquals("Seat Heating", cleaned.event().getFeatureName());
    assertEquals(
        List.of(issue(RawColumns.FEATURE_NAME, IssueCode.UNMAPPED_VALUE, "Seat  Heating")),
        cleaned.issues());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    RawColumns.USER_ID, RawColumns.REGION, RawColumns.VEHICLE_MODEL, RawColumns.FEATURE_NAME,
    RawColumns.OS_TYPE, RawColumns.SUBSCRIPTION_STATUS
  })
  void rejectsAKeyValueLongerThan512Bytes(String field) {
    // 170 euro signs are 510 bytes; two more ASCII letters make 512, three make 513.
    String longest = "€".repeat(170) + "ab";
    String tooLong = longest + "c";

    CleanedRecord kept = CLEANER.clean(raw(Map.of(field, "  " + longest + "  ")));
    CleanedRecord rejected = CLEANER.clean(raw(Map.of(field, tooLong)));

    assertFalse(kept.isRejected(), kept.toString());
    assertEquals(List.of(IssueCode.VALUE_TOO_LONG), rejected.rejectReasons());
    // VALUE_TOO_LONG is a reason, not a field issue; the value's own issue counts as for any
    // record (contract section 7): a category outside the reference data is UNMAPPED_VALUE.
    assertEquals(field.equals(RawColumns.USER_ID)
            ? List.of() : List.of(issue(field, IssueCode.UNMAPPED_VALUE, tooLong)),
        rejected.issues());
  }

  @Test
  void aRecordWithSeveralTooLongValuesIsRejectedOnceAndKeepsEveryOtherIssue() {
    String tooLong = "x".repeat(513);

    CleanedRecord rejected = CLEANER.clean(raw(Map.of(
        RawColumns.OS_TYPE, tooLong,
        RawColumns.SUBSCRIPTION_STATUS, tooLong,
        RawColumns.VEHICLE_MODEL, tooLong,
        RawColumns.FEATURE_NAME, tooLong,
        RawColumns.ERROR_FLAG, "maybe")));

    assertEquals(List.of(IssueCode.VALUE_TOO_LONG), rejected.rejectReasons());
    assertEquals(List.of(
            issue(RawColumns.VEHICLE_MODEL, IssueCode.UNMAPPED_VALUE, tooLong),
            issue(RawColumns.FEATURE_NAME, IssueCode.UNMAPPED_VALUE, tooLong),
            issue(RawColumns.ERROR_FLAG, IssueCode.INVALID_ERROR_FLAG, "maybe"),
            issue(RawColumns.OS_TYPE, IssueCode.UNMAPPED_VALUE, tooLong),
            issue(RawColumns.SUBSCRIPTION_STATUS, IssueCode.UNMAPPED_VALUE, tooLong)),
        rejected.issues());
  }

  @Test
  void spellingsOfOneEventShareItsIdentity() {
    UsageEvent first =
        CLEANER.clean(raw(Map.of(
            RawColumns.USER_ID, "u1",
            RawColumns.FEATURE_NAME, "nav",
            RawColumns.FEATURE_USED_AT, "2024-03-05T14:07:09.1234567Z"))).event();
    UsageEvent second =
        CLEANER.clean(raw(Map.of(
            RawColumns.USER_ID, " U1 ",
            RawColumns.FEATURE_NAME, "Navigation",
            RawColumns.FEATURE_USED_AT, "2024-03-05 15:07:09.123456+01:00"))).event();

    assertEquals(first.identity(), second.identity());
  }

  @Test
  void appliesTheSourceZoneAndTheCap() {
    UsageEventCleaner cleaner =
        new UsageEventCleaner(REFERENCE_DATA, ZoneId.of("Europe/Berlin"), 60);

    CleanedRecord cleaned =
        cleaner.clean(raw(Map.of(
            RawColumns.FEATURE_USED_AT, "2024-07-15 12:00",
            RawColumns.SESSION_DURATION_MIN, "61")));

    assertEquals(Instant.parse("2024-07-15T10:00:00Z"), cleaned.event().getFeatureUsedAt());
    assertEquals(60.0, cleaned.event().getSessionDurationMin());
  }

  @Test
  void survivesJavaSerialization() {
    UsageEventCleaner copy = SerializableUtils.ensureSerializable(CLEANER);
    RawRecord raw = raw(Map.of(RawColumns.REGION, "Austria"));

    assertEquals(CLEANER.clean(raw), copy.clean(raw));
  }

  private static RawRecord raw(Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>(GOOD_VALUES);
    values.putAll(overrides);
    String rawText = String.join(",", RawColumns.REQUIRED.stream().map(values::get).toList());
    return RawRecord.builder()
        .setSourceFile(FILE)
        .setLineNumber(LINE)
        .setRawText(rawText)
        .setUserId(values.get(RawColumns.USER_ID))
        .setRegion(values.get(RawColumns.REGION))
        .setVehicleModel(values.get(RawColumns.VEHICLE_MODEL))
        .setFeatureName(values.get(RawColumns.FEATURE_NAME))
        .setSessionDurationMin(values.get(RawColumns.SESSION_DURATION_MIN))
        .setErrorFlag(values.get(RawColumns.ERROR_FLAG))
        .setFeedbackRating(values.get(RawColumns.FEEDBACK_RATING))
        .setAppVersion(values.get(RawColumns.APP_VERSION))
        .setOsType(values.get(RawColumns.OS_TYPE))
        .setSubscriptionStatus(values.get(RawColumns.SUBSCRIPTION_STATUS))
        .setFeatureUsedAt(values.get(RawColumns.FEATURE_USED_AT))
        .build();
  }

  private static FieldIssue issue(String field, IssueCode code, String rawValue) {
    return FieldIssue.create(field, code, rawValue, FILE, LINE);
  }
}
