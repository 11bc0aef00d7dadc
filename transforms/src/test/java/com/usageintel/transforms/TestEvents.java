package com.usageintel.transforms;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.aggregate.CalendarDays;
import com.usageintel.transforms.aggregate.DayState;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.FeatureDayState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.View;

/**
 * Hand-made events and states for transform tests, every field known unless a test says
 * otherwise, and the checks the tests of the cross-day tables share.
 */
final class TestEvents {
  private TestEvents() {}

  static UsageEvent.Builder event(String userId, String at, String feature) {
    return UsageEvent.builder()
        .setUserId(userId)
        .setRegion("UK")
        .setVehicleModel("VW ID.4")
        .setFeatureName(feature)
        .setSessionDurationMin(12.5)
        .setErrorFlag(0)
        .setFeedbackRating(4.0)
        .setAppVersion("v5.5")
        .setOsType("Android")
        .setSubscriptionStatus("active")
        .setFeatureUsedAt(Instant.parse(at))
        .setSourceFile("a.csv")
        .setLineNumber(2)
        .setRawText(userId + "," + at + "," + feature);
  }

  /** A user's key in these tests: "U7" has key 7. */
  static int keyOf(String userId) {
    return Integer.parseInt(userId.substring(1));
  }

  /** The key of a day written yyyy-mm-dd: 2025-09-17 is 20250917. */
  static int dateSkOf(String date) {
    return CalendarDays.dateSk(LocalDate.parse(date));
  }

  /** The tally of these events, all on the day {@code dateSk}, each user by {@link #keyOf}. */
  static EventTally tallyOf(int dateSk, UsageEvent... events) {
    EventTally tally = new EventTally();
    for (UsageEvent e : events) {
      tally.add(e, dateSk, keyOf(e.getUserId()));
    }
    return tally;
  }

  /** The state of a day (yyyy-mm-dd) on which these users each used {@code feature} once at noon. */
  static EventTally usesOn(String date, String feature, String... users) {
    UsageEvent[] events = new UsageEvent[users.length];
    for (int i = 0; i < users.length; i++) {
      events[i] = event(users[i], date + "T12:00:00Z", feature).build();
    }
    return tallyOf(dateSkOf(date), events);
  }

  /** A day's state: these users each used Navigation once on it. */
  static DayState dayOf(String date, String... users) {
    return new DayState(dateSkOf(date), usesOn(date, "Navigation", users));
  }

  /** A feature's state of a day on which these users each used it once. */
  static FeatureDayState featureDayOf(String feature, String date, String... users) {
    return new FeatureDayState(feature, dateSkOf(date),
        usesOn(date, feature, users));
  }

  /** Each of the tables refuses these states: only a caller's bug gives them. */
  static <S> void assertEveryTableRefuses(
      List<S> states, String message, List<Function<List<S>, List<?>>> tables) {
    for (Function<List<S>, List<?>> table : tables) {
      IllegalStateException refused =
          assertThrows(IllegalStateException.class, () -> table.apply(states));
      assertTrue(refused.getMessage(), refused.getMessage().contains(message));
    }
  }

  /** Runs the pipeline, which must fail on the refusal, not log it and go on. */
  static void assertRunFailsOnRefusal(TestPipeline pipeline, String message) {
    Pipeline.PipelineExecutionException failure =
        assertThrows(Pipeline.PipelineExecutionException.class, pipeline::run);
    assertTrue(failure.getCause() instanceof IllegalStateException);
    assertTrue(failure.getCause().getMessage().contains(message));
  }

  /** The side-input views the pipeline makes: each is one more copy of its elements. */
  static int viewsIn(Pipeline pipeline) {
    int[] views = {0};
    pipeline.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        if (node.getTransform() instanceof View.CreatePCollectionView) {
          views[0]++;
        }
      }
    });
    return views[0];
  }
}
