package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.event;
import static org.junit.Assert.assertEquals;

import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.aggregate.CurrentAttributes;
import com.usageintel.transforms.aggregate.DayTally;
import java.util.List;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;

/** The accumulators' own coders give back what they were given, in every field. */
public class TallyCodersTest {
  private static final List<UsageEvent> EVENTS = List.of(
      event("U1", "2025-09-17T23:04:01.205001Z", "Navigation").build(),
      event("U2", "2025-09-17T08:00:00Z", "Charging").setRegion("Germany").setErrorFlag(1)
          .setSessionDurationMin(0.1).setFeedbackRating(null).build(),
      event("U1", "2025-09-17T09:30:00Z", "Voice").setAppVersion(UsageEvent.UNKNOWN)
          .setOsType("iOS").setSessionDurationMin(null).setErrorFlag(null).build());

  @Test
  public void dayTallyWithGroupsVersionsAndVehiclesRoundTrips() throws Exception {
    DayTally tally = new DayTally();
    for (int i = 0; i < EVENTS.size(); i++) {
      tally.add(EVENTS.get(i), 20250917, i + 1);
    }
    // By hand: three groups; two numbered (OS, version) pairs (the third event's is Unknown).
    assertEquals(3, tally.groups().size());
    assertEquals(1, tally.versions().size());
    assertEquals(tally, CoderUtils.clone(DayTally.coder(), tally));
    assertEquals(new DayTally(), CoderUtils.clone(DayTally.coder(), new DayTally()));
  }

  @Test
  public void currentAttributesRoundTripIncludingUnknownOnes() throws Exception {
    CurrentAttributes attributes = new CurrentAttributes();
    EVENTS.forEach(attributes::add);
    // This user's only event does not know the subscription: that attribute has no value.
    CurrentAttributes unknownSubscription = new CurrentAttributes();
    unknownSubscription.add(event("U3", "2025-09-18T00:00:00Z", "Navigation")
        .setSubscriptionStatus(UsageEvent.UNKNOWN).build());

    assertEquals(attributes, CoderUtils.clone(CurrentAttributes.coder(), attributes));
    assertEquals(unknownSubscription,
        CoderUtils.clone(CurrentAttributes.coder(), unknownSubscription));
    assertEquals(new CurrentAttributes(),
        CoderUtils.clone(CurrentAttributes.coder(), new CurrentAttributes()));
  }
}
