package com.usageintel.pipeline.warehouse;

import com.usageintel.pipeline.TestDatabase;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.DeduplicateEvents;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * The loaded events of the days asked for (by the date they were stored under, in the reporting
 * zone) or of the users asked for, each field as loaded, NULLs kept, the instant to the
 * microsecond; none of other days or users.
 */
public class ReadLoadedEventsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private final PostgresDataSource db = TestWarehouse.fresh();

  /**
   * Four events loaded by run 1, dated in Europe/Berlin. U1's second event, at 23:30 UTC on
   * 2 September, is dated 3 September there. Columns after the user: region, vehicle, feature,
   * session, error flag, rating, version, OS, subscription, instant, date, ISO week and year, raw
   * record, usable fields, run.
   */
  @Before
  public void loadEvents() {
    TestDatabase.execute(db.jdbcUrl(), "insert into stg_feature_usage (user_id, region,"
        + " vehicle_model, feature_name, session_duration_min, error_flag, feedback_rating,"
        + " app_version, os_type, subscription_status, feature_used_at, date, week, iso_year,"
        + " raw_record, usable_field_count, run_id) values"
        + " ('U1', 'Germany', 'VW ID.4', 'Navigation', 12.5, 0, 4, 'v5.5', 'Android', 'active',"
        + " '2025-09-01 08:00:00.123456+00', '2025-09-01', 36, 2025,"
        + " 'U1,2025-09-01T08:00:00.123456Z,Navigation', 8, 1),"
        + " ('U1', 'Germany', 'VW ID.4', 'Voice Assistant', null, null, null, 'v5.5', 'Unknown',"
        + " 'active', '2025-09-02 23:30:00+00', '2025-09-03', 36, 2025,"
        + " 'U1,2025-09-02T23:30:00Z,Voice Assistant', 4, 1),"
        + " ('U10', 'Germany', 'VW ID.4', 'Navigation', 12.5, 1, 1.5, 'v5.5', 'Android', 'active',"
        + " '2025-09-01 12:00:00+00', '2025-09-01', 36, 2025,"
        + " 'U10,2025-09-01T12:00:00Z,Navigation', 8, 1),"
        + " ('U2', 'Germany', 'VW ID.4', 'Navigation', 12.5, 0, 4, 'v5.5', 'Android', 'active',"
        + " '2025-09-05 09:00:00+00', '2025-09-05', 36, 2025,"
        + " 'U2,2025-09-05T09:00:00Z,Navigation', 8, 1)");
  }

  @After
  public void dropWarehouse() {
    TestDatabase.drop(db.jdbcUrl());
  }

  /** An event as read back: its raw record, but no file or line (the survivor rule's sign). */
  private static UsageEvent loaded(UsageEvent.Builder event) {
    return event.setSourceFile(DeduplicateEvents.LOADED_SOURCE).setLineNumber(0).build();
  }

  private static final UsageEvent U1_NAVIGATION =
      loaded(TestWarehouse.event("U1", "2025-09-01T08:00:00.123456Z", "Navigation"));
  private static final UsageEvent U1_VOICE_LATE =
      loaded(TestWarehouse.event("U1", "2025-09-02T23:30:00Z", "Voice Assistant")
          .setSessionDurationMin(null)
          .setErrorFlag(null)
          .setFeedbackRating(null)
          .setOsType("Unknown"));
  private static final UsageEvent U10_NAVIGATION =
      loaded(TestWarehouse.event("U10", "2025-09-01T12:00:00Z", "Navigation")
          .setErrorFlag(1)
          .setFeedbackRating(1.5));

  @Test
  public void theEventsOfTheDaysAskedForByTheirStoredDate() {
    // 1 Sept: U1's and U10's events. 2 Sept: none, although U1's late event happened on the 2nd
    // in UTC: it is stored under the 3rd. 4 Sept: none. U2's event of the 5th is not asked for.
    PCollection<Integer> days =
        pipeline.apply(Create.of(20250901, 20250902, 20250904).withCoder(VarIntCoder.of()));

    PAssert.that(days.apply(ReadLoadedEvents.onDays(db)))
        .containsInAnyOrder(U1_NAVIGATION, U10_NAVIGATION);
    pipeline.run();
  }

  @Test
  public void everyEventOfTheUsersAskedFor() {
    // U1: both events, on either day. U3 has none. U10 is another user, not more of U1.
    PCollection<String> users = pipeline.apply(Create.of("U1", "U3"));

    PAssert.that(users.apply(ReadLoadedEvents.ofUsers(db)))
        .containsInAnyOrder(U1_NAVIGATION, U1_VOICE_LATE);
    pipeline.run();
  }

  @Test
  public void noDaysOrUsersReadNothing() {
    PAssert.that(pipeline
            .apply("NoDays", Create.empty(VarIntCoder.of()))
            .apply("ReadDays", ReadLoadedEvents.onDays(db)))
        .empty();
    PAssert.that(pipeline
            .apply("NoUsers", Create.empty(StringUtf8Coder.of()))
            .apply("ReadUsers", ReadLoadedEvents.ofUsers(db)))
        .empty();
    pipeline.run();
  }
}
