package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.event;
import static com.usageintel.transforms.TestEvents.keyOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.usageintel.schemas.DayTotals;
import com.usageintel.schemas.DimMember;
import com.usageintel.schemas.MemberDay;
import com.usageintel.schemas.UsageDaily;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.schemas.UsageEventCoder;
import com.usageintel.transforms.aggregate.DayState;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.FeatureDayState;
import com.usageintel.transforms.aggregate.VersionDayState;
import java.time.ZoneId;
import java.util.Arrays;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.junit.Rule;
import org.junit.Test;

public class TallyDaysTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** The events with their users' keys: U1 is 1, U2 2, U3 3. */
  private PCollection<KV<Integer, UsageEvent>> keyed(UsageEvent... events) {
    return pipeline
        .apply("Events", Create.of(Arrays.asList(events)).withCoder(UsageEventCoder.of()))
        .apply("KeyByUser", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.integers(), TypeDescriptor.of(UsageEvent.class)))
            .via(event -> KV.of(keyOf(event.getUserId()), event)))
        .setCoder(KvCoder.of(VarIntCoder.of(), UsageEventCoder.of()));
  }

  /** The numbers a tally holds, to compare them one by one rather than through equals alone. */
  private static String describe(EventTally tally) {
    return "events=" + tally.events()
        + " users=" + tally.users().getLongCardinality() + Arrays.toString(tally.users().toArray())
        + " errors=" + tally.errorEvents() + "/" + tally.knownFlagEvents()
        + " session=" + tally.sessionMinutesSum().doubleValue() + "/" + tally.sessionCount()
        + " rating=" + tally.ratingSum().doubleValue() + "/" + tally.ratingCount()
        + " first=" + tally.firstDateSk();
  }

  private static PCollection<String> describeDays(PCollection<DayState> days) {
    return days.apply("DescribeDays", MapElements.into(TypeDescriptors.strings())
        .via(day -> day.dateSk() + " " + describe(day.tally())));
  }

  private static PCollection<String> describeVersionDays(PCollection<VersionDayState> days) {
    return days.apply("DescribeVersionDays", MapElements.into(TypeDescriptors.strings())
        .via(day -> day.osType() + " " + day.appVersion() + " " + day.dateSk() + " " + describe(day.tally())));
  }

  private static PCollection<String> describeFeatureDays(PCollection<FeatureDayState> days) {
    return days.apply("DescribeFeatureDays", MapElements.into(TypeDescriptors.strings())
        .via(day -> day.featureName() + " " + day.dateSk() + " " + describe(day.tally())));
  }

  @Test
  public void talliesEachDayPerGroupPerVersionAndListsItsMembers() {
    UsageEvent u1Nav =
        event("U1", "2025-09-17T08:00:00Z", "Navigation")
            .setErrorFlag(1).setSessionDurationMin(10.0).setFeedbackRating(4.0).build();
    UsageEvent u2Nav =
        event("U2", "2025-09-17T09:00:00Z", "Navigation")
            .setErrorFlag(0).setSessionDurationMin(20.0).setFeedbackRating(2.0).build();
    UsageEvent u1Climate =
        event("U1", "2025-09-17T10:00:00Z", "Climate Control")
            .setRegion("Germany").setAppVersion("v5.6").setOsType("iOS")
            .setVehicleModel("Audi e-tron")
            .setErrorFlag(null).setSessionDurationMin(null).setFeedbackRating(5.0).build();
    // Edge: an Unknown app version is a usage row and a member, but no version state; one
    // microsecond before midnight UTC is still the 17th.
    UsageEvent u3UnknownVersion =
        event("U3", "2025-09-17T23:59:59.999999Z", "Navigation")
            .setAppVersion(UsageEvent.UNKNOWN)
            .setErrorFlag(1).setSessionDurationMin(5.0).setFeedbackRating(null).build();
    // Edge: midnight UTC exactly is the 18th.
    UsageEvent u2NextDay =
        event("U2", "2025-09-18T00:00:00Z", "Navigation")
            .setErrorFlag(0).setSessionDurationMin(7.5).setFeedbackRating(3.0).build();

    TallyDays.Result result =
        keyed(u1Nav, u2Nav, u1Climate, u3UnknownVersion, u2NextDay)
            .apply(TallyDays.ofKeyedEvents());

    // By hand, per (day, region, feature, version, OS):
    // 17th UK/Navigation/v5.5/Android: U1, U2 -> 2 events, dau 2, errors 1 of 2 known flags,
    //   sessions 10 + 20 = 30 over 2, ratings 4 + 2 = 6 over 2.
    // 17th Germany/Climate Control/v5.6/iOS: U1 -> 1 event, no flag, no session, rating 5.
    // 17th UK/Navigation/Unknown/Android: U3 -> 1 event, 1 error of 1, session 5, no rating.
    // 18th UK/Navigation/v5.5/Android: U2 -> 1 event, 0 errors of 1, session 7.5, rating 3.
    PAssert.that(result.usageDaily())
        .containsInAnyOrder(
            UsageDaily.create(20250917, "UK", "Navigation", "v5.5", "Android",
                DayTotals.create(2, 2, 1, 2, 30.0, 2, 6.0, 2)),
            UsageDaily.create(20250917, "Germany", "Climate Control", "v5.6", "iOS",
                DayTotals.create(1, 1, 0, 0, 0.0, 0, 5.0, 1)),
            UsageDaily.create(20250917, "UK", "Navigation", UsageEvent.UNKNOWN, "Android",
                DayTotals.create(1, 1, 1, 1, 5.0, 1, 0.0, 0)),
            UsageDaily.create(20250918, "UK", "Navigation", "v5.5", "Android",
                DayTotals.create(1, 1, 0, 1, 7.5, 1, 3.0, 1)));

    // 17th: 4 events of U1, U2, U3 (keys 1, 2, 3), errors 1 + 0 + 1 = 2 of 3 known flags,
    // sessions 10 + 20 + 5 = 35 over 3, ratings 4 + 2 + 5 = 11 over 3. 18th: U2's one event.
    PAssert.that(describeDays(result.days()))
        .containsInAnyOrder(
            "20250917 events=4 users=3[1, 2, 3] errors=2/3 session=35.0/3 rating=11.0/3 first=20250917",
            "20250918 events=1 users=1[2] errors=0/1 session=7.5/1 rating=3.0/1 first=20250918");

    // Per OS and numbered version and day; U3's Unknown version has none.
    PAssert.that(describeVersionDays(result.versionDays()))
        .containsInAnyOrder(
            "Android v5.5 20250917 events=2 users=2[1, 2] errors=1/2 session=30.0/2 rating=6.0/2 first=20250917",
            "iOS v5.6 20250917 events=1 users=1[1] errors=0/0 session=0.0/0 rating=5.0/1 first=20250917",
            "Android v5.5 20250918 events=1 users=1[2] errors=0/1 session=7.5/1 rating=3.0/1 first=20250918");

    PAssert.that(result.memberDays())
        .containsInAnyOrder(
            MemberDay.create(DimMember.REGION, "UK", 20250917),
            MemberDay.create(DimMember.REGION, "Germany", 20250917),
            MemberDay.create(DimMember.FEATURE, "Navigation", 20250917),
            MemberDay.create(DimMember.FEATURE, "Climate Control", 20250917),
            MemberDay.create(MemberDay.APP_VERSION, "v5.5", 20250917),
            MemberDay.create(MemberDay.APP_VERSION, "v5.6", 20250917),
            MemberDay.create(MemberDay.APP_VERSION, UsageEvent.UNKNOWN, 20250917),
            MemberDay.create(DimMember.PLATFORM, "Android", 20250917),
            MemberDay.create(DimMember.PLATFORM, "iOS", 20250917),
            MemberDay.create(DimMember.VEHICLE, "VW ID.4", 20250917),
            MemberDay.create(DimMember.VEHICLE, "Audi e-tron", 20250917),
            MemberDay.create(DimMember.REGION, "UK", 20250918),
            MemberDay.create(DimMember.FEATURE, "Navigation", 20250918),
            MemberDay.create(MemberDay.APP_VERSION, "v5.5", 20250918),
            MemberDay.create(DimMember.PLATFORM, "Android", 20250918),
            MemberDay.create(DimMember.VEHICLE, "VW ID.4", 20250918));
    pipeline.run();
  }

  @Test
  public void takesDaysInTheReportingZone() {
    // 22:30Z on the 17th is 00:30 on the 18th in Berlin (CEST, +02:00); 21:59Z is 23:59 the 17th.
    UsageEvent late = event("U1", "2025-09-17T22:30:00Z", "Navigation").build();
    UsageEvent beforeMidnight = event("U2", "2025-09-17T21:59:00Z", "Navigation").build();

    TallyDays.Result result =
        keyed(late, beforeMidnight)
            .apply(TallyDays.ofKeyedEvents().inZone(ZoneId.of("Europe/Berlin")).withShards(1));

    // Each day: 1 event, dau 1, 0 errors of 1 known flag, session 12.5, rating 4 (TestEvents).
    PAssert.that(result.usageDaily())
        .containsInAnyOrder(
            UsageDaily.create(20250917, "UK", "Navigation", "v5.5", "Android",
                DayTotals.create(1, 1, 0, 1, 12.5, 1, 4.0, 1)),
            UsageDaily.create(20250918, "UK", "Navigation", "v5.5", "Android",
                DayTotals.create(1, 1, 0, 1, 12.5, 1, 4.0, 1)));
    PAssert.that(describeDays(result.days()))
        .containsInAnyOrder(
            "20250917 events=1 users=1[2] errors=0/1 session=12.5/1 rating=4.0/1 first=20250917",
            "20250918 events=1 users=1[1] errors=0/1 session=12.5/1 rating=4.0/1 first=20250918");
    pipeline.run();
  }

  @Test
  public void talliesEachFeatureOfADayMergedFromItsGroups() {
    // 17th: U1 uses Navigation in two groups (UK/v5.5/Android and Germany/v5.6/iOS) and Climate
    // Control; U2 uses Navigation. 18th: U2 uses Climate Control.
    UsageEvent u1NavUk =
        event("U1", "2025-09-17T08:00:00Z", "Navigation")
            .setErrorFlag(1).setSessionDurationMin(10.0).setFeedbackRating(4.0).build();
    UsageEvent u1NavGermany =
        event("U1", "2025-09-17T09:00:00Z", "Navigation")
            .setRegion("Germany").setAppVersion("v5.6").setOsType("iOS")
            .setErrorFlag(0).setSessionDurationMin(20.0).setFeedbackRating(2.0).build();
    UsageEvent u1Climate =
        event("U1", "2025-09-17T10:00:00Z", "Climate Control")
            .setErrorFlag(null).setSessionDurationMin(null).setFeedbackRating(5.0).build();
    UsageEvent u2Nav =
        event("U2", "2025-09-17T11:00:00Z", "Navigation")
            .setErrorFlag(0).setSessionDurationMin(5.0).setFeedbackRating(null).build();
    UsageEvent u2ClimateNextDay =
        event("U2", "2025-09-18T11:00:00Z", "Climate Control")
            .setErrorFlag(0).setSessionDurationMin(7.5).setFeedbackRating(3.0).build();

    TallyDays.Result result =
        keyed(u1NavUk, u1NavGermany, u1Climate, u2Nav, u2ClimateNextDay)
            .apply(TallyDays.ofKeyedEvents());

    // 17th Navigation, its two groups merged: 3 events, users {U1, U2} (U1 once, though in two
    //   groups), errors 1 + 0 + 0 of 3 known, sessions 10 + 20 + 5 = 35 over 3, ratings
    //   4 + 2 = 6 over 2.
    // 17th Climate Control: U1 again (counted in this feature too), 1 event, no flag, no
    //   session, rating 5.
    // 18th Climate Control: U2, 1 event, 0 of 1, session 7.5, rating 3.
    PAssert.that(describeFeatureDays(result.featureDays()))
        .containsInAnyOrder(
            "Navigation 20250917 events=3 users=2[1, 2] errors=1/3 session=35.0/3 rating=6.0/2 first=20250917",
            "Climate Control 20250917 events=1 users=1[1] errors=0/0 session=0.0/0 rating=5.0/1 first=20250917",
            "Climate Control 20250918 events=1 users=1[2] errors=0/1 session=7.5/1 rating=3.0/1 first=20250918");
    // The day: 3 + 1 = 4 events, the features' sums; users {U1, U2} once each.
    PAssert.that(describeDays(result.days()))
        .containsInAnyOrder(
            "20250917 events=4 users=2[1, 2] errors=1/3 session=35.0/3 rating=11.0/3 first=20250917",
            "20250918 events=1 users=1[2] errors=0/1 session=7.5/1 rating=3.0/1 first=20250918");
    PCollection<KV<Integer, Long>> featureEventsPerDay =
        result.featureDays()
            .apply("FeatureEvents", MapElements
                .into(TypeDescriptors.kvs(TypeDescriptors.integers(), TypeDescriptors.longs()))
                .via(day -> KV.of(day.dateSk(), day.tally().events())))
            .apply("SumPerDay", Sum.longsPerKey());
    PAssert.that(featureEventsPerDay).containsInAnyOrder(KV.of(20250917, 4L), KV.of(20250918, 1L));
    pipeline.run();
  }

  @Test
  public void noEventsGiveNoRows() {
    TallyDays.Result result = keyed().apply(TallyDays.ofKeyedEvents());

    PAssert.that(result.usageDaily()).empty();
    PAssert.that(result.days()).empty();
    PAssert.that(result.versionDays()).empty();
    PAssert.that(result.memberDays()).empty();
    PAssert.that(result.featureDays()).empty();
    pipeline.run();
  }

  @Test
  public void refusesNonPositiveShards() {
    assertThrows(IllegalArgumentException.class, () -> TallyDays.ofKeyedEvents().withShards(0));
    pipeline.run();
  }
}
