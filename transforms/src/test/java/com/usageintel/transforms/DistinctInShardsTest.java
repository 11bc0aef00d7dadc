package com.usageintel.transforms;

import static org.junit.Assert.assertThrows;

import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;

public class DistinctInShardsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void eachElementOnceWhateverTheShards() {
    // "b" three times, "a" twice, "c" once: a, b, c on one shard and on more shards than elements.
    PAssert.that(pipeline.apply("One", Create.of("b", "a", "b", "c", "a", "b"))
            .apply("OneShard", DistinctInShards.withShards(1)))
        .containsInAnyOrder("a", "b", "c");
    PAssert.that(pipeline.apply("Many", Create.of("b", "a", "b", "c", "a", "b"))
            .apply("SevenShards", DistinctInShards.withShards(7)))
        .containsInAnyOrder("a", "b", "c");
    pipeline.run();
  }

  @Test
  public void noElementsGiveNone() {
    PAssert.that(pipeline.apply(Create.empty(StringUtf8Coder.of()))
            .apply(DistinctInShards.withShards(2)))
        .empty();
    pipeline.run();
  }

  @Test
  public void shardsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> DistinctInShards.withShards(0));
  }
}
