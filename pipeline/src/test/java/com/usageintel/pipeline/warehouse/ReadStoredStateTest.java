package com.usageintel.pipeline.warehouse;

import com.usageintel.pipeline.TestDatabase;
import com.usageintel.schemas.MemberDay;
import com.usageintel.transforms.aggregate.DayState;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.FeatureDayState;
import com.usageintel.transforms.aggregate.VersionDayState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HexFormat;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * Every stored row of each state table comes back as the state it holds, each column in its
 * place, the days a run does not touch included (the pipeline sets those apart, not the read);
 * an empty table gives no state.
 */
public class ReadStoredStateTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private final PostgresDataSource db = TestWarehouse.fresh();

  @After
  public void dropWarehouse() {
    TestDatabase.drop(db.jdbcUrl());
  }

  // Users as RoaringBitmap writes them itself, not as the product does.
  private static final RoaringBitmap USERS_1_2_3 = RoaringBitmap.bitmapOf(1, 2, 3);
  private static final RoaringBitmap USER_9 = RoaringBitmap.bitmapOf(9);
  /** A thousand users: stored as a run of keys rather than a list. */
  private static final RoaringBitmap USERS_1_TO_1000 = RoaringBitmap.bitmapOfRange(1, 1001);

  /** The exact decimal of the double 0.1: the sum of one 0.1-minute session, as stored. */
  private static final String TENTH = new BigDecimal(0.1).toPlainString();

  /**
   * The stored state, written by hand: every count of a row differs from the others, so a column
   * read in the wrong place shows. Columns: events, error events, known-flag events, session
   * minutes sum, sessions, rating sum, ratings, users.
   */
  private void storeState() {
    String url = db.jdbcUrl();
    TestDatabase.execute(url, "insert into state_day values"
        + " (20250901, 7, 1, 5, 37.5, 4, 26, 6, " + bytea(USERS_1_2_3) + "),"
        + " (20250903, 1, 0, 1, " + TENTH + ", 1, 4, 1, " + bytea(USER_9) + ")");
    TestDatabase.execute(url, "insert into state_version_day values"
        + " ('Android', 'v5.5', 20250901, 6, 1, 4, 25.0, 3, 22, 5, " + bytea(USERS_1_2_3) + "),"
        + " ('iOS', 'v5.10', 20250901, 1, 0, 1, 12.5, 1, 4, 1, " + bytea(USER_9) + ")");
    TestDatabase.execute(url, "insert into state_feature_day values"
        + " ('Navigation', 20250901, 2000, 3, 1500, 9000.25, 1200, 3600, 900, "
        + bytea(USERS_1_TO_1000) + "),"
        + " ('Voice Assistant', 20250903, 1, 0, 1, " + TENTH + ", 1, 4, 1, " + bytea(USER_9) + ")");
    TestDatabase.execute(url, "insert into state_member_day (date_sk, dimension, member) values"
        + " (20250901, 'region', 'Germany'), (20250901, 'app_version', 'v5.5'),"
        + " (20250903, 'region', 'Germany')");
  }

  /** The users in RoaringBitmap's portable format, as the library itself writes it. */
  private static byte[] serialized(RoaringBitmap users) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      users.runOptimize();
      users.serialize(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static String bytea(RoaringBitmap users) {
    return "decode('" + HexFormat.of().formatHex(serialized(users)) + "', 'hex')";
  }

  /** The tally a stored row holds; its events are all of its day, {@code dateSk}. */
  private static EventTally tally(long events, long errors, long knownFlags, String sessionSum,
      long sessions, long ratingSum, long ratings, int dateSk, RoaringBitmap users) {
    return EventTally.restore(events, errors, knownFlags, new BigDecimal(sessionSum), sessions,
        BigDecimal.valueOf(ratingSum), ratings, dateSk, serialized(users));
  }

  /**
   * The tally of one event of user 9 on 3 September: no error, a 0.1-minute session, rated 4; by
   * hand 1 event, 0 errors, 1 known flag, session sum 0.1 exactly as a double is, 1 session,
   * rating sum 4, 1 rating, users {9}: the rows stored for that day above.
   */
  private static EventTally oneEventOfUser9() {
    return new EventTally().add(
        TestWarehouse.event("U9", "2025-09-03T10:00:00Z", "Voice Assistant")
            .setSessionDurationMin(0.1)
            .build(),
        20250903, 9);
  }

  @Test
  public void everyStoredDayComesBackWithItsTally() {
    storeState();

    PAssert.that(pipeline.apply(ReadStoredState.days(db)))
        .containsInAnyOrder(
            new DayState(20250901, tally(7, 1, 5, "37.5", 4, 26, 6, 20250901, USERS_1_2_3)),
            new DayState(20250903, oneEventOfUser9()));
    pipeline.run();
  }

  @Test
  public void everyStoredVersionDayComesBackWithItsVersionAndTally() {
    storeState();

    PAssert.that(pipeline.apply(ReadStoredState.versionDays(db)))
        .containsInAnyOrder(
            new VersionDayState("Android", "v5.5", 20250901,
                tally(6, 1, 4, "25.0", 3, 22, 5, 20250901, USERS_1_2_3)),
            new VersionDayState("iOS", "v5.10", 20250901,
                tally(1, 0, 1, "12.5", 1, 4, 1, 20250901, USER_9)));
    pipeline.run();
  }

  @Test
  public void everyStoredFeatureDayComesBackWithItsFeatureAndTally() {
    storeState();

    PAssert.that(pipeline.apply(ReadStoredState.featureDays(db)))
        .containsInAnyOrder(
            new FeatureDayState("Navigation", 20250901,
                tally(2000, 3, 1500, "9000.25", 1200, 3600, 900, 20250901, USERS_1_TO_1000)),
            new FeatureDayState("Voice Assistant", 20250903, oneEventOfUser9()));
    pipeline.run();
  }

  @Test
  public void everyStoredMemberDayComesBack() {
    storeState();

    PAssert.that(pipeline.apply(ReadStoredState.memberDays(db)))
        .containsInAnyOrder(
            MemberDay.create("region", "Germany", 20250901),
            MemberDay.create("app_version", "v5.5", 20250901),
            MemberDay.create("region", "Germany", 20250903));
    pipeline.run();
  }

  @Test
  public void aWarehouseWithoutStateGivesNone() {
    PAssert.that(pipeline.apply("ReadDays", ReadStoredState.days(db))).empty();
    PAssert.that(pipeline.apply("ReadVersionDays", ReadStoredState.versionDays(db))).empty();
    PAssert.that(pipeline.apply("ReadFeatureDays", ReadStoredState.featureDays(db))).empty();
    PAssert.that(pipeline.apply("ReadMemberDays", ReadStoredState.memberDays(db))).empty();
    pipeline.run();
  }
}
