package com.usageintel.transforms;

import com.usageintel.schemas.EventIdentity;
import com.usageintel.schemas.UsageEvent;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one event per identity (contract section 3): the row with the most usable fields, ties
 * to the raw record text that sorts first as UTF-8 bytes. The choice depends only on the rows
 * themselves, never on file, bundle or worker order. {@link Result#duplicateRows()} holds, per
 * identity seen more than once, how many rows were dropped as duplicates within the input.
 *
 * <p>Events are grouped by a shard of their identity's hash rather than by the identity itself,
 * then deduplicated in memory per shard: every row of an identity still meets in one shard. Few,
 * large groups are much cheaper than a tiny group per event: the Direct runner makes a bundle of
 * every group, and every later grouping step pays for each bundle it receives.
 */
public final class DeduplicateEvents
    extends PTransform<PCollection<UsageEvent>, DeduplicateEvents.Result> {
  static final int DEFAULT_SHARDS = 16;
  static final TupleTag<UsageEvent> SURVIVORS = new TupleTag<>() {};
  static final TupleTag<Long> DUPLICATE_ROWS = new TupleTag<>() {};
  static final TupleTag<Long> SURVIVOR_COUNTS = new TupleTag<>() {};
  static final TupleTag<String> REPLACED_USERS = new TupleTag<>() {};

  /** The source file of an event read back from the warehouse: loaded events have none. */
  public static final String LOADED_SOURCE = "";

  /** Best first: more usable fields, then smaller raw text, then earlier file and line. */
  public static final Comparator<UsageEvent> SURVIVOR_ORDER =
      Comparator.comparingInt(UsageEvent::usableFieldCount)
          .reversed()
          .thenComparing(UsageEvent::getRawText, DeduplicateEvents::compareAsUtf8)
          .thenComparing(UsageEvent::getSourceFile, DeduplicateEvents::compareAsUtf8)
          .thenComparingLong(UsageEvent::getLineNumber);

  private final int shards;

  private DeduplicateEvents(int shards) {
    this.shards = shards;
  }

  public static DeduplicateEvents byIdentity() {
    return new DeduplicateEvents(DEFAULT_SHARDS);
  }

  /** Groups on this many shards of the identities; the survivors do not depend on it. */
  public DeduplicateEvents withShards(int shards) {
    return new DeduplicateEvents(shards);
  }

  /** The surviving events and the per-identity duplicate counts. */
  public static final class Result extends TupleResult {
    private Result(PCollectionTuple outputs) {
      super(outputs);
    }

    public PCollection<UsageEvent> survivors() {
      return outputs.get(SURVIVORS);
    }

    public PCollection<Long> duplicateRows() {
      return outputs.get(DUPLICATE_ROWS);
    }

    /**
     * The user of every identity whose loaded event (source {@link #LOADED_SOURCE}) lost to a row
     * with other raw text: the warehouse's state of that user must be computed afresh.
     */
    public PCollection<String> usersWithReplacedEvents() {
      return outputs.get(REPLACED_USERS);
    }

    /** The survivors of each shard: their sum counts them without a second pass over them. */
    public PCollection<Long> survivorCounts() {
      return outputs.get(SURVIVOR_COUNTS);
    }
  }

  @Override
  public Result expand(PCollection<UsageEvent> events) {
    int shardCount = shards;
    return new Result(
        events
            .apply(
                "ShardByIdentity",
                WithKeys.<Integer, UsageEvent>of(
                        event -> Math.floorMod(event.identity().hashCode(), shardCount))
                    .withKeyType(TypeDescriptors.integers()))
            // The events keep the coder they came with.
            .setCoder(KvCoder.of(VarIntCoder.of(), events.getCoder()))
            .apply("GroupShards", GroupByKey.create())
            .apply(
                "PickSurvivors",
                ParDo.of(new PickSurvivorsFn())
                    .withOutputTags(SURVIVORS,
                    TupleTagList.of(DUPLICATE_ROWS).and(SURVIVOR_COUNTS).and(REPLACED_USERS))));
  }

  /**
   * Orders strings as their UTF-8 bytes would sort, which is code point order; String.compareTo
   * compares UTF-16 units and disagrees for characters beyond the Basic Multilingual Plane.
   */
  public static int compareAsUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static class PickSurvivorsFn extends ClockedDoFn<KV<Integer, Iterable<UsageEvent>>, UsageEvent> {
    private final Counter duplicates = Metrics.counter(DeduplicateEvents.class, "rows_duplicate");

    private static final class Group {
      UsageEvent best;
      UsageEvent loaded;
      long rows;
    }

    @ProcessElement
    public void processElement(
        @Element KV<Integer, Iterable<UsageEvent>> shard, MultiOutputReceiver out) {
      Map<EventIdentity, Group> groups = new HashMap<>();
      for (UsageEvent candidate : shard.getValue()) {
        Group group = groups.computeIfAbsent(candidate.identity(), identity -> new Group());
        group.rows++;
        if (LOADED_SOURCE.equals(candidate.getSourceFile())) {
          group.loaded = candidate;
        }
        if (group.best == null || SURVIVOR_ORDER.compare(candidate, group.best) < 0) {
          group.best = candidate;
        }
      }
      out.get(SURVIVOR_COUNTS).output((long) groups.size());
      for (Group group : groups.values()) {
        out.get(SURVIVORS).output(group.best);
        if (group.loaded != null && !group.loaded.getRawText().equals(group.best.getRawText())) {
          out.get(REPLACED_USERS).output(group.best.getUserId());
        }
        if (group.rows > 1) {
          duplicates.inc(group.rows - 1);
          out.get(DUPLICATE_ROWS).output(group.rows - 1);
        }
      }
    }
  }
}
