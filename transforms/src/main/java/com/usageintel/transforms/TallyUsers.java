package com.usageintel.transforms;

import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.aggregate.CurrentAttributes;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Tallies each user's current attributes (contract section 4) over the given events: per
 * attribute the latest known value with its instant and feature, and the first and last instants.
 * Over part of a user's events it is a part of their state, which the warehouse merges into what
 * it holds ({@link CurrentAttributes} merges in any order).
 */
public final class TallyUsers
    extends PTransform<PCollection<UsageEvent>, PCollection<KV<String, CurrentAttributes>>> {
  private final int shards;

  private TallyUsers(int shards) {
    this.shards = shards;
  }

  public static TallyUsers ofEvents() {
    return new TallyUsers(CombinePerKeyInShards.DEFAULT_SHARDS);
  }

  /** Groups on this many shards of the users; the rows do not depend on it. */
  public TallyUsers withShards(int shards) {
    if (shards <= 0) {
      throw new IllegalArgumentException("shards must be positive, was " + shards);
    }
    return new TallyUsers(shards);
  }

  @Override
  public PCollection<KV<String, CurrentAttributes>> expand(PCollection<UsageEvent> events) {
    return events
        .apply("KeyByUser", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(UsageEvent.class)))
            .via(e -> KV.of(e.getUserId(), e)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), events.getCoder()))
        .apply("CurrentAttributes", CombinePerKeyInShards.of(new CurrentAttributesFn(), shards))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), CurrentAttributes.coder()));
  }

  private static final class CurrentAttributesFn extends TallyEventsFn<UsageEvent, CurrentAttributes> {
    CurrentAttributesFn() {
      super(CurrentAttributes.coder());
    }

    @Override
    public CurrentAttributes createAccumulator() {
      return new CurrentAttributes();
    }

    @Override
    public CurrentAttributes addInput(CurrentAttributes attributes, UsageEvent event) {
      return attributes.add(event);
    }

    @Override
    public CurrentAttributes mergeAccumulators(Iterable<CurrentAttributes> all) {
      CurrentAttributes merged = new CurrentAttributes();
      all.forEach(merged::merge);
      return merged;
    }
  }
}
