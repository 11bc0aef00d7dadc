package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.event;
import static org.junit.Assert.assertEquals;

import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.CombineDailyAggregates.DayTally;
import com.usageintel.transforms.CombineDailyAggregates.DayTallyCoder;
import com.usageintel.transforms.KeyDimensions.CurrentAttributes;
import com.usageintel.transforms.KeyDimensions.CurrentAttributesCoder;
import com.usageintel.transforms.aggregate.EventTally;
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
  public void dayTallyWithGroupsRoundTrips() throws Exception {
    DayTally tally = new DayTally();
    for (UsageEvent e : EVENTS) {
      tally.day.add(e, 20250917);
      tally.groups.computeIfAbsent(
              List.of(e.getRegion(), e.getFeatureName(), e.getAppVersion(), e.getOsType()),
              group -> new EventTally())
          .add(e, 20250917);
    }
    assertEquals(3, tally.groups.size());
    assertEquals(tally, CoderUtils.clone(DayTallyCoder.INSTANCE, tally));
    assertEquals(new DayTally(), CoderUtils.clone(DayTallyCoder.INSTANCE, new DayTally()));
  }

  @Test
  public void currentAttributesRoundTripIncludingUnknownOnes() throws Exception {
    CurrentAttributes attributes = new CurrentAttributes();
    EVENTS.forEach(attributes::add);
    // This user's only event does not know the subscription: that attribute has no value.
    CurrentAttributes unknownSubscription = new CurrentAttributes();
    unknownSubscription.add(event("U3", "2025-09-18T00:00:00Z", "Navigation")
        .setSubscriptionStatus(UsageEvent.UNKNOWN).build());

    assertEquals(attributes, CoderUtils.clone(CurrentAttributesCoder.INSTANCE, attributes));
    assertEquals(unknownSubscription,
        CoderUtils.clone(CurrentAttributesCoder.INSTANCE, unknownSubscription));
    assertEquals(new CurrentAttributes(),
        CoderUtils.clone(CurrentAttributesCoder.INSTANCE, new CurrentAttributes()));
  }
}
