package com.usageintel.transforms.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.usageintel.schemas.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventTallyTest {
  @Test
  void tallyOfPartsMergedEqualsTallyOfTheWhole() {
    SplittableRandom random = new SplittableRandom(7L);
    for (int trial = 0; trial < 200; trial++) {
      List<UsageEvent> events = new ArrayList<>();
      int size = random.nextInt(1, 60);
      for (int i = 0; i < size; i++) {
        events.add(randomEvent(random));
      }
      EventTally whole = new EventTally();
      events.forEach(e -> whole.add(e, 20250101, keyOf(e)));
      // Split at random points into parts tallied separately, then merged in another order.
      List<EventTally> parts = new ArrayList<>();
      EventTally current = new EventTally();
      for (UsageEvent event : events) {
        if (random.nextInt(4) == 0) {
          parts.add(current);
          current = new EventTally();
        }
        current.add(event, 20250101, keyOf(event));
      }
      parts.add(current);
      EventTally merged = new EventTally();
      for (int i = parts.size() - 1; i >= 0; i--) {
        merged.merge(parts.get(i));
      }
      assertEquals(whole.toTotals(), merged.toTotals(), "trial " + trial);
      assertEquals(whole.users(), merged.users());
      assertEquals(whole.firstDateSk(), merged.firstDateSk());
    }
  }

  @Test
  void countsAUserInTwoPartsOnceAndSumsTheRest() {
    EventTally a = new EventTally().add(event("U1", 0, 10.0, 2.0), 20250103, 1);
    EventTally b = new EventTally()
        .add(event("U1", 1, null, 5.0), 20250102, 1)
        .add(event("U2", null, 0.5, null), 20250104, 2);

    a.merge(b);

    // By hand: 3 events, users {U1, U2}, errors 1 of 2 known flags, sessions 10 + 0.5 over 2,
    // ratings 2 + 5 over 2, first day the 2nd.
    assertEquals(3, a.events());
    assertArrayEquals(new int[] {1, 2}, a.users().toArray());
    assertEquals(1, a.errorEvents());
    assertEquals(2, a.knownFlagEvents());
    assertEquals(10.5, a.toTotals().getSessionMinutesSum());
    assertEquals(2, a.toTotals().getSessionCount());
    assertEquals(7.0, a.toTotals().getRatingSum());
    assertEquals(20250102, a.firstDateSk());
  }

  @Test
  void theCoderGivesBackAnEqualTallyThatKeepsCounting() throws Exception {
    SplittableRandom random = new SplittableRandom(11L);
    for (int trial = 0; trial < 50; trial++) {
      EventTally tally = new EventTally();
      int size = random.nextInt(0, 40);
      for (int i = 0; i < size; i++) {
        UsageEvent event = randomEvent(random);
        tally.add(event, 20250101 + random.nextInt(30), keyOf(event));
      }
      EventTally decoded = CoderChecks.roundTripWithSameBytes(EventTally.coder(), tally);
      CoderChecks.assertSameFields("trial " + trial, tally, decoded);
      assertEquals(tally, decoded, "trial " + trial);
      assertEquals(tally.toTotals(), decoded.toTotals(), "trial " + trial);
      // A decoded tally is merged into further, as accumulators are.
      UsageEvent more = randomEvent(random);
      assertEquals(tally.add(more, 20250101, keyOf(more)), decoded.add(more, 20250101, keyOf(more)),
          "trial " + trial);
    }
  }

  /** The key of user "U7" is 7. */
  private static int keyOf(UsageEvent event) {
    return Integer.parseInt(event.getUserId().substring(1));
  }

  @Test
  void storedStateRestoresAnEqualTally() {
    SplittableRandom random = new SplittableRandom(5L);
    EventTally tally = new EventTally();
    for (int i = 0; i < 30; i++) {
      UsageEvent event = randomEvent(random);
      tally.add(event, 20250101, keyOf(event));
    }
    EventTally restored = EventTally.restore(tally.events(), tally.errorEvents(),
        tally.knownFlagEvents(), tally.sessionMinutesSum(), tally.sessionCount(), tally.ratingSum(),
        tally.ratingCount(), tally.firstDateSk(), tally.usersBytes());
    assertEquals(tally, restored);
    assertEquals(tally.toTotals(), restored.toTotals());
  }

  private static UsageEvent randomEvent(SplittableRandom random) {
    return event("U" + random.nextInt(8),
        random.nextInt(3) == 0 ? null : random.nextInt(2),
        random.nextInt(3) == 0 ? null : random.nextInt(0, 3000) / 7.0,
        random.nextInt(3) == 0 ? null : (double) random.nextInt(1, 6));
  }

  private static UsageEvent event(String user, Integer errorFlag, Double session, Double rating) {
    return UsageEvent.builder()
        .setUserId(user)
        .setRegion("UK")
        .setVehicleModel("VW ID.4")
        .setFeatureName("Navigation")
        .setSessionDurationMin(session)
        .setErrorFlag(errorFlag)
        .setFeedbackRating(rating)
        .setAppVersion("v5.5")
        .setOsType("Android")
        .setSubscriptionStatus("active")
        .setFeatureUsedAt(Instant.parse("2025-01-01T00:00:00Z"))
        .setSourceFile("a.csv")
        .setLineNumber(2)
        .setRawText(user)
        .build();
  }
}
