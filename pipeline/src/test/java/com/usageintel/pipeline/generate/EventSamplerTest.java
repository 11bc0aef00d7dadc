package com.usageintel.pipeline.generate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventSamplerTest {
  @Test
  void usersWhoJoinAfterTheWindowHaveNoEventsInItAndNobodyHasEventsBeforeJoining() {
    Fleet fleet = new Fleet(2_000, 13);
    // Days 0 to 19.
    DayWindow window = new DayWindow(LocalDate.of(2025, 7, 1), LocalDate.of(2025, 7, 20));
    EventSampler sampler = new EventSampler(fleet, new UsageCalendar(), window);
    SplittableRandom random = new SplittableRandom(1);
    SampledEvent event = new SampledEvent();
    Set<Integer> joinedDuringTheWindow = new HashSet<>();

    for (int i = 0; i < 50_000; i++) {
      sampler.sample(random, event);
      int joined = fleet.joinDay(event.user);
      assertTrue(joined <= 19, "user " + event.user + " joined on day " + joined + ", after the window");
      assertTrue(event.day >= joined && event.day <= 19, "day " + event.day + " of a user who joined on " + joined);
      if (joined > 0) {
        joinedDuringTheWindow.add(event.user);
      }
    }

    long joinAfterTheWindow = countUsers(fleet, joinDay -> joinDay > 19);
    assertTrue(joinAfterTheWindow > 100, joinAfterTheWindow + " users join after the window");
    assertTrue(joinedDuringTheWindow.size() > 10, joinedDuringTheWindow.size() + " users who joined in the window");
  }

  private static long countUsers(Fleet fleet, java.util.function.IntPredicate joinDay) {
    long count = 0;
    for (int user = 0; user < 2_000; user++) {
      if (joinDay.test(fleet.joinDay(user))) {
        count++;
      }
    }
    return count;
  }
}
