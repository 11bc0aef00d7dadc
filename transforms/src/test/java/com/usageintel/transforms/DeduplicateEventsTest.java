package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.event;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.usageintel.schemas.UsageEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class DeduplicateEventsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final String T = "2025-09-17T23:04:01.205001Z";

  @Test
  public void keepsTheRowWithMostUsableFieldsAndCountsTheOthers() {
    UsageEvent complete = event("U1", T, "Navigation").setRawText("z-complete").build();
    UsageEvent missingRegion =
        event("U1", T, "Navigation").setRegion(UsageEvent.UNKNOWN).setRawText("a-partial").build();
    UsageEvent missingTwo =
        event("U1", T, "Navigation")
            .setErrorFlag(null)
            .setFeedbackRating(null)
            .setRawText("0-worse")
            .build();
    UsageEvent otherFeature = event("U1", T, "Charging Status").build();
    UsageEvent otherInstant = event("U1", "2025-09-17T23:04:01.205002Z", "Navigation").build();

    DeduplicateEvents.Result result =
        pipeline
            .apply(Create.of(missingRegion, complete, missingTwo, otherFeature, otherInstant))
            .apply(DeduplicateEvents.byIdentity());

    PAssert.that(result.survivors()).containsInAnyOrder(complete, otherFeature, otherInstant);
    PAssert.that(result.duplicateRows()).containsInAnyOrder(2L);
    PAssert.thatSingleton(result.survivorCounts().apply(Sum.longsGlobally())).isEqualTo(3L);
    pipeline.run();
  }

  @Test
  public void breaksTiesOnTheRawTextAsUtf8Bytes() {
    // U+FF21 (fullwidth A) sorts before U+1F600 as UTF-8 bytes, but after it as UTF-16 units.
    UsageEvent fullwidth = event("U2", T, "Voice Assistant").setRawText("x\uFF21").build();
    UsageEvent emoji = event("U2", T, "Voice Assistant").setRawText("x\uD83D\uDE00").build();

    PCollection<UsageEvent> survivors =
        pipeline.apply(Create.of(emoji, fullwidth)).apply(DeduplicateEvents.byIdentity()).survivors();

    PAssert.that(survivors).containsInAnyOrder(fullwidth);
    pipeline.run();
  }

  @Test
  public void survivorDoesNotDependOnInputOrder() {
    List<UsageEvent> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(
          event("U3", T, "Navigation")
              .setRegion(i % 3 == 0 ? UsageEvent.UNKNOWN : "UK")
              .setRawText("row-" + (1000 - i))
              .setLineNumber(i + 2)
              .build());
    }
    UsageEvent expected = Collections.min(rows, DeduplicateEvents.SURVIVOR_ORDER);
    Collections.shuffle(rows, new java.util.Random(7));

    DeduplicateEvents.Result result =
        pipeline.apply(Create.of(rows)).apply(DeduplicateEvents.byIdentity());

    PAssert.that(result.survivors()).containsInAnyOrder(expected);
    PAssert.thatSingleton(result.duplicateRows().apply("SumDuplicates", Sum.longsGlobally())).isEqualTo(39L);
    PAssert.thatSingleton(result.survivorCounts().apply("SumSurvivors", Sum.longsGlobally())).isEqualTo(1L);
    pipeline.run();
    // By hand: i % 3 == 0 lacks a region; of the rest, "row-962" (i = 38) sorts first.
    assertEquals("row-962", expected.getRawText());
  }

  @Test
  public void comparesStringsByCodePoint() {
    assertTrue(DeduplicateEvents.compareAsUtf8("a", "b") < 0);
    assertTrue(DeduplicateEvents.compareAsUtf8("ab", "a") > 0);
    assertTrue(DeduplicateEvents.compareAsUtf8("\uFF21", "\uD83D\uDE00") < 0);
    assertEquals(0, DeduplicateEvents.compareAsUtf8("é", "é"));
  }
}
