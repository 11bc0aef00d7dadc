package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.event;
import static com.usageintel.transforms.aggregate.CoderChecks.assertSameFields;
import static com.usageintel.transforms.aggregate.CoderChecks.roundTripWithSameBytes;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.aggregate.CurrentAttributes;
import com.usageintel.transforms.aggregate.DayState;
import com.usageintel.transforms.aggregate.DayTally;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.FeatureDayState;
import com.usageintel.transforms.aggregate.VersionDayState;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.Test;

/**
 * The accumulators' own coders give back what they were given, in every field: each field is
 * compared through its accessor (their hand-written {@code equals} would miss a field left out of
 * both the coder and {@code equals}), and, where the coder is deterministic, a second round trip
 * must encode to the same bytes.
 */
public class TallyCodersTest {
  private static final List<UsageEvent> EVENTS = List.of(
      event("U1", "2025-09-17T23:04:01.205001Z", "Navigation").build(),
      event("U2", "2025-09-17T08:00:00Z", "Charging").setRegion("Germany").setErrorFlag(1)
          .setSessionDurationMin(0.1).setFeedbackRating(null).setVehicleModel("Kia EV6").build(),
      event("U1", "2025-09-17T09:30:00Z", "Voice").setAppVersion(UsageEvent.UNKNOWN)
          .setOsType("iOS").setSessionDurationMin(null).setErrorFlag(null).build());

  /** A tally in which no field has its initial value. */
  private static EventTally tallyOfEvents() {
    EventTally tally = new EventTally();
    for (int i = 0; i < EVENTS.size(); i++) {
      tally.add(EVENTS.get(i), 20250917 - i, i + 1);
    }
    // By hand: 3 events of users 1, 2, 3; flags 0, 1 and unknown; sessions 12.5 and 0.1;
    // ratings 4 and 4; the earliest date 20250915.
    assertEquals(3, tally.events());
    assertEquals(1, tally.errorEvents());
    assertEquals(2, tally.knownFlagEvents());
    assertEquals(0, new BigDecimal("12.6").compareTo(
        tally.sessionMinutesSum().setScale(1, java.math.RoundingMode.HALF_UP)));
    assertEquals(2, tally.sessionCount());
    assertEquals(0, new BigDecimal(8).compareTo(tally.ratingSum()));
    assertEquals(2, tally.ratingCount());
    assertEquals(20250915, tally.firstDateSk());
    assertArrayEquals(new int[] {1, 2, 3}, tally.users().toArray());
    return tally;
  }

  @Test
  public void eventTallyRoundTripsEveryField() throws Exception {
    EventTally tally = tallyOfEvents();
    EventTally decoded = roundTripWithSameBytes(EventTally.coder(), tally);
    assertSameFields("tally", tally, decoded);
    assertSameFields("empty", new EventTally(),
        roundTripWithSameBytes(EventTally.coder(), new EventTally()));
  }

  @Test
  public void dayTallyWithGroupsVersionsAndVehiclesRoundTrips() throws Exception {
    DayTally tally = new DayTally();
    for (int i = 0; i < EVENTS.size(); i++) {
      tally.add(EVENTS.get(i), 20250917, i + 1);
    }
    // By hand: three groups; one numbered (OS, version) pair, Android v5.5 (the third event's
    // version is Unknown); two vehicle models.
    assertEquals(3, tally.groups().size());
    assertEquals(Set.of(List.of("Android", "v5.5")), tally.versions().keySet());
    assertEquals(Set.of("VW ID.4", "Kia EV6"), tally.vehicles());

    // The coder writes its maps in hash map order (it says it is not deterministic), so the
    // fields are compared, not the bytes.
    DayTally decoded = CoderUtils.clone(DayTally.coder(), tally);
    assertSameDayTally(tally, decoded);
    assertSameDayTally(new DayTally(), CoderUtils.clone(DayTally.coder(), new DayTally()));
    assertEquals(tally, decoded);
  }

  private static void assertSameDayTally(DayTally expected, DayTally actual) {
    assertSameFields("day", expected.day(), actual.day());
    assertEquals(expected.groups().keySet(), actual.groups().keySet());
    expected.groups().forEach((group, part) ->
        assertSameFields("group " + group, part, actual.groups().get(group)));
    assertEquals(expected.versions().keySet(), actual.versions().keySet());
    expected.versions().forEach((version, part) ->
        assertSameFields("version " + version, part, actual.versions().get(version)));
    assertEquals(expected.vehicles(), actual.vehicles());
  }

  @Test
  public void currentAttributesRoundTripIncludingUnknownOnes() throws Exception {
    CurrentAttributes attributes = new CurrentAttributes();
    EVENTS.forEach(attributes::add);
    // By hand: the latest event (U1's Navigation at 23:04:01.205001) knows all four attributes.
    assertEquals(List.of("UK", "active", "VW ID.4", "Android"),
        attributes.all().stream().map(CurrentAttributes.Latest::value).toList());
    assertEquals(1_758_150_241_205_001L, attributes.lastSeenMicros());
    assertEquals(1_758_096_000_000_000L, attributes.firstSeenMicros());
    // This user's only event does not know the subscription: that attribute has no value.
    CurrentAttributes unknownSubscription = new CurrentAttributes();
    unknownSubscription.add(event("U3", "2025-09-18T00:00:00Z", "Navigation")
        .setSubscriptionStatus(UsageEvent.UNKNOWN).build());
    assertNull(unknownSubscription.all().get(1).value());

    for (CurrentAttributes original :
        List.of(attributes, unknownSubscription, new CurrentAttributes())) {
      CurrentAttributes decoded = roundTripWithSameBytes(CurrentAttributes.coder(), original);
      for (int i = 0; i < CurrentAttributes.NAMES.size(); i++) {
        String name = CurrentAttributes.NAMES.get(i);
        CurrentAttributes.Latest want = original.all().get(i);
        CurrentAttributes.Latest got = decoded.all().get(i);
        assertEquals(name + " value", want.value(), got.value());
        assertEquals(name + " at", want.atMicros(), got.atMicros());
        assertEquals(name + " feature", want.featureName(), got.featureName());
      }
      assertEquals(original.firstSeenMicros(), decoded.firstSeenMicros());
      assertEquals(original.lastSeenMicros(), decoded.lastSeenMicros());
      assertEquals(original, decoded);
    }
  }

  @Test
  public void dayStateRoundTripsEveryField() throws Exception {
    DayState state = new DayState(20250917, tallyOfEvents());
    DayState decoded = roundTripWithSameBytes(DayState.coder(), state);
    assertEquals(20250917, decoded.dateSk());
    assertSameFields("tally", state.tally(), decoded.tally());
  }

  @Test
  public void featureDayStateRoundTripsEveryField() throws Exception {
    FeatureDayState state = new FeatureDayState("Navigation", 20250917, tallyOfEvents());
    FeatureDayState decoded = roundTripWithSameBytes(FeatureDayState.coder(), state);
    assertEquals("Navigation", decoded.featureName());
    assertEquals(20250917, decoded.dateSk());
    assertSameFields("tally", state.tally(), decoded.tally());
  }

  @Test
  public void versionDayStateRoundTripsEveryField() throws Exception {
    VersionDayState state = new VersionDayState("Android", "v5.5", 20250917, tallyOfEvents());
    VersionDayState decoded = roundTripWithSameBytes(VersionDayState.coder(), state);
    assertEquals("Android", decoded.osType());
    assertEquals("v5.5", decoded.appVersion());
    assertEquals(20250917, decoded.dateSk());
    assertSameFields("tally", state.tally(), decoded.tally());
  }

  @Test
  public void theStateKindsShareACoderClassButNotACoder() throws Exception {
    List<Coder<?>> coders =
        List.of(DayState.coder(), FeatureDayState.coder(), VersionDayState.coder());
    for (Coder<?> coder : coders) {
      coder.verifyDeterministic();
      // A runner ships coders serialized: the copy must still be the same coder.
      assertEquals(coder, SerializableUtils.clone(coder));
      assertEquals(1, coders.stream().filter(coder::equals).count());
    }
    // A state is equal only to one of its own kind, key, day and tally.
    EventTally tally = tallyOfEvents();
    assertEquals(new FeatureDayState("Navigation", 20250917, tally),
        new FeatureDayState("Navigation", 20250917, tally));
    assertNotEquals(new FeatureDayState("Navigation", 20250917, tally),
        new FeatureDayState("Navigation", 20250918, tally));
    assertNotEquals(new DayState(20250917, tally),
        new FeatureDayState("Navigation", 20250917, tally));
  }

  @Test
  public void eachKindsAccessorsSurviveSerializationAsFunctions() {
    // Beam ships these serialized (the warehouse's columns, the days to keep). Java 17 would
    // deserialize references to one accessor inherited from a visible class as one function,
    // and all but one would fail on a ClassCastException.
    EventTally tally = tallyOfEvents();
    SerializableFunction<DayState, Integer> dayOfDay = DayState::dateSk;
    SerializableFunction<FeatureDayState, Integer> dayOfFeatureDay = FeatureDayState::dateSk;
    SerializableFunction<VersionDayState, Integer> dayOfVersionDay = VersionDayState::dateSk;
    SerializableFunction<FeatureDayState, EventTally> tallyOfFeatureDay = FeatureDayState::tally;
    SerializableFunction<VersionDayState, EventTally> tallyOfVersionDay = VersionDayState::tally;

    assertEquals(20250917, (int) SerializableUtils.clone(dayOfDay)
        .apply(new DayState(20250917, tally)));
    assertEquals(20250918, (int) SerializableUtils.clone(dayOfFeatureDay)
        .apply(new FeatureDayState("Navigation", 20250918, tally)));
    assertEquals(20250919, (int) SerializableUtils.clone(dayOfVersionDay)
        .apply(new VersionDayState("Android", "v5.5", 20250919, tally)));
    assertSame(tally, SerializableUtils.clone(tallyOfFeatureDay)
        .apply(new FeatureDayState("Navigation", 20250918, tally)));
    assertSame(tally, SerializableUtils.clone(tallyOfVersionDay)
        .apply(new VersionDayState("Android", "v5.5", 20250919, tally)));
  }
}
