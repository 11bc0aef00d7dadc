package com.usageintel.transforms;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;

/**
 * The distinct elements of a collection, combined within bundles before they are grouped on a
 * few shards ({@link CombinePerKeyInShards}): an element repeated in many bundles crosses the
 * shuffle about once per shard, not once per repeat.
 */
public final class DistinctInShards<T> extends PTransform<PCollection<T>, PCollection<T>> {
  private final int shards;

  private DistinctInShards(int shards) {
    this.shards = shards;
  }

  /** Grouped on this many shards; the result does not depend on it. */
  public static <T> DistinctInShards<T> withShards(int shards) {
    if (shards <= 0) {
      throw new IllegalArgumentException("shards must be positive, was " + shards);
    }
    return new DistinctInShards<>(shards);
  }

  @Override
  public PCollection<T> expand(PCollection<T> input) {
    return input
        .apply("KeyByItself", WithKeys.<T, T>of(x -> x).withKeyType(input.getTypeDescriptor()))
        .setCoder(KvCoder.of(input.getCoder(), input.getCoder()))
        .apply("CountEach", CombinePerKeyInShards.of(Count.<T>combineFn(), shards))
        .apply("Distinct", Keys.create());
  }
}
