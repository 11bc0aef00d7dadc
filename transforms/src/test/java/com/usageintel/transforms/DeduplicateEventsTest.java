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

    // By hand: of U1's three Navigation rows, `complete` has all 8 usable fields, `missingRegion`
    // 7 and `missingTwo` 6, so `complete` wins although its raw text sorts last. The other two
    // rows are alone in their identities (another feature, another instant) and survive as is.
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

    // By hand: both rows have all 8 usable fields, so the raw text decides. After "x", U+FF21 is
    // EF BC A1 and U+1F600 is F0 9F 98 80 in UTF-8: EF < F0, so `fullwidth` wins.
    PAssert.that(survivors).containsInAnyOrder(fullwidth);
    pipeline.run();
  }

  @Test
  public void survivorDoesNotDependOnInputOrder() {
    List<UsageEvent> rows = new ArrayList<>();
    UsageEvent expected = null;
    for (int i = 0; i < 40; i++) {
      UsageEvent row =
          event("U3", T, "Navigation")
              .setRegion(i % 3 == 0 ? UsageEvent.UNKNOWN : "UK")
              .setRawText("row-" + (1000 - i))
              .setLineNumber(i + 2)
              .build();
      rows.add(row);
      // By hand: rows with i % 3 == 0 lack their region (7 usable fields), the others have all 8,
      // so only those compete. Their texts are "row-999" (i = 1) down to "row-962" (i = 38);
      // "row-1000" (i = 0) and "row-961" (i = 39) would sort first but lack the region. As bytes,
      // "row-962" is the smallest of the competitors ("96" < "97" < ... < "99"): i = 38 wins.
      if (i == 38) {
        expected = row;
      }
    }
    assertEquals("row-962", expected.getRawText());
    Collections.shuffle(rows, new java.util.Random(7));

    DeduplicateEvents.Result result =
        pipeline.apply(Create.of(rows)).apply(DeduplicateEvents.byIdentity());

    PAssert.that(result.survivors()).containsInAnyOrder(expected);
    PAssert.thatSingleton(result.duplicateRows().apply("SumDuplicates", Sum.longsGlobally())).isEqualTo(39L);
    PAssert.thatSingleton(result.survivorCounts().apply("SumSurvivors", Sum.longsGlobally())).isEqualTo(1L);
    pipeline.run();
  }

  /** An event as read back from the warehouse: no source file, line 0. */
  private static UsageEvent.Builder loaded(String userId, String rawText) {
    return event(userId, T, "Navigation")
        .setSourceFile(DeduplicateEvents.LOADED_SOURCE)
        .setLineNumber(0)
        .setRawText(rawText);
  }

  @Test
  public void outputsTheUserOfALoadedEventThatABetterRowReplaces() {
    // U5: the loaded event lacks its region (7 usable fields), the new row has all 8: replaced.
    UsageEvent u5Loaded = loaded("U5", "u5-loaded").setRegion(UsageEvent.UNKNOWN).build();
    UsageEvent u5Better = event("U5", T, "Navigation").setRawText("u5-new").build();
    // U6: as many usable fields; the new row's raw text sorts first ("a" < "b"): replaced.
    UsageEvent u6Loaded = loaded("U6", "b-loaded").build();
    UsageEvent u6Better = event("U6", T, "Navigation").setRawText("a-new").build();
    // U7: the loaded event has more usable fields and stays: nothing to recompute.
    UsageEvent u7Loaded = loaded("U7", "z-loaded").build();
    UsageEvent u7Worse =
        event("U7", T, "Navigation").setFeedbackRating(null).setRawText("a-new").build();
    // U8: a tie with identical raw text: the same event, whichever row stands for it.
    UsageEvent u8Loaded = loaded("U8", "same").build();
    UsageEvent u8Again = event("U8", T, "Navigation").setSourceFile("b.csv").setRawText("same").build();
    // U9: no loaded event; one new row replaces another within the input: nothing.
    UsageEvent u9First = event("U9", T, "Navigation").setRawText("a-new").build();
    UsageEvent u9Second = event("U9", T, "Navigation").setRawText("b-new").setLineNumber(3).build();

    DeduplicateEvents.Result result =
        pipeline
            .apply(Create.of(u5Loaded, u5Better, u6Better, u6Loaded, u7Worse, u7Loaded,
                u8Again, u8Loaded, u9Second, u9First))
            .apply(DeduplicateEvents.byIdentity());

    PAssert.that(result.usersWithReplacedEvents()).containsInAnyOrder("U5", "U6");
    // U8: same score and text; the loaded row's empty source file sorts before "b.csv".
    PAssert.that(result.survivors())
        .containsInAnyOrder(u5Better, u6Better, u7Loaded, u8Loaded, u9First);
    PAssert.that(result.duplicateRows()).containsInAnyOrder(1L, 1L, 1L, 1L, 1L);
    pipeline.run();
  }

  @Test
  public void aLoadedEventAloneIsNotReplaced() {
    // A loaded event with no new row of its identity, beside a new event of the same user.
    UsageEvent onlyLoaded = loaded("U5", "u5-loaded").setRegion(UsageEvent.UNKNOWN).build();
    UsageEvent otherEvent = event("U5", T, "Charging Status").setRawText("u5-other").build();

    DeduplicateEvents.Result result =
        pipeline.apply(Create.of(onlyLoaded, otherEvent)).apply(DeduplicateEvents.byIdentity());

    PAssert.that(result.usersWithReplacedEvents()).empty();
    PAssert.that(result.survivors()).containsInAnyOrder(onlyLoaded, otherEvent);
    PAssert.that(result.duplicateRows()).empty();
    pipeline.run();
  }

  @Test
  public void comparesStringsByCodePoint() {
    assertTrue(DeduplicateEvents.compareAsUtf8("a", "b") < 0);
    assertTrue(DeduplicateEvents.compareAsUtf8("ab", "a") > 0);
    assertTrue(DeduplicateEvents.compareAsUtf8("\uFF21", "\uD83D\uDE00") < 0);
    assertEquals(0, DeduplicateEvents.compareAsUtf8("é", "é"));
  }
}
