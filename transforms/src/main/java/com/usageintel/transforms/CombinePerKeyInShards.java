package com.usageintel.transforms;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code Combine.perKey} for batch pipelines in the global window, with the combining done in
 * each bundle before the grouping, and the grouping done on a few shards of the keys.
 *
 * <p>Why not {@code Combine.perKey}: the Direct runner makes a bundle of every key after a
 * grouping, and every later step pays for each bundle; and its grouping step copies a key's whole
 * bag each time another bundle adds to it. Here one accumulator per key and bundle is grouped, on
 * at most {@code shards} keys. On Flink it costs about what {@code Combine.perKey} does.
 *
 * <p>A bundle's accumulators are also sent on every {@code flushEvery} inputs: Flink's batch
 * runner makes one bundle of a whole partition, and holding a partition's accumulators (each
 * day's distinct users, say) took gigabytes at ten million events.
 */
public final class CombinePerKeyInShards<K, InputT, AccumT, OutputT>
    extends PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> {
  static final int DEFAULT_SHARDS = 16;
  static final int DEFAULT_FLUSH_EVERY = 50_000;

  private final CombineFn<InputT, AccumT, OutputT> fn;
  private final int shards;
  private final int flushEvery;

  private CombinePerKeyInShards(CombineFn<InputT, AccumT, OutputT> fn, int shards, int flushEvery) {
    this.fn = fn;
    this.shards = shards;
    this.flushEvery = flushEvery;
  }

  /** Groups on {@code shards} shards of the keys; keys' hash codes must not depend on the JVM. */
  public static <K, InputT, AccumT, OutputT> CombinePerKeyInShards<K, InputT, AccumT, OutputT> of(
      CombineFn<InputT, AccumT, OutputT> fn, int shards) {
    if (shards <= 0) {
      throw new IllegalArgumentException("shards must be positive, was " + shards);
    }
    return new CombinePerKeyInShards<>(fn, shards, DEFAULT_FLUSH_EVERY);
  }

  /** Sends a bundle's accumulators on every {@code inputs} inputs (tests make it small). */
  CombinePerKeyInShards<K, InputT, AccumT, OutputT> withFlushEvery(int inputs) {
    if (inputs <= 0) {
      throw new IllegalArgumentException("inputs must be positive, was " + inputs);
    }
    return new CombinePerKeyInShards<>(fn, shards, inputs);
  }

  @Override
  public PCollection<KV<K, OutputT>> expand(PCollection<KV<K, InputT>> input) {
    KvCoder<K, InputT> inputCoder = (KvCoder<K, InputT>) input.getCoder();
    CoderRegistry registry = input.getPipeline().getCoderRegistry();
    Coder<AccumT> accumulatorCoder;
    Coder<OutputT> outputCoder;
    try {
      accumulatorCoder = fn.getAccumulatorCoder(registry, inputCoder.getValueCoder());
      outputCoder = fn.getDefaultOutputCoder(registry, inputCoder.getValueCoder());
    } catch (CannotProvideCoderException e) {
      throw new IllegalStateException("the combine function gives no coder: " + fn, e);
    }
    return input
        .apply("CombineWithinBundles", ParDo.of(new CombineWithinBundleFn<>(fn, shards, flushEvery)))
        .setCoder(KvCoder.of(VarIntCoder.of(), KvCoder.of(inputCoder.getKeyCoder(), accumulatorCoder)))
        .apply("GroupShards", GroupByKey.create())
        .apply("MergeAccumulators", ParDo.of(new MergeShardFn<>(fn)))
        .setCoder(KvCoder.of(inputCoder.getKeyCoder(), outputCoder));
  }

  private static final class CombineWithinBundleFn<K, InputT, AccumT>
      extends DoFn<KV<K, InputT>, KV<Integer, KV<K, AccumT>>> {
    private final CombineFn<InputT, AccumT, ?> fn;
    private final int shards;
    private final int flushEvery;
    private final StepClock clock = new StepClock();
    private transient Map<K, AccumT> accumulators;
    private transient int inputs;

    CombineWithinBundleFn(CombineFn<InputT, AccumT, ?> fn, int shards, int flushEvery) {
      this.fn = fn;
      this.shards = shards;
      this.flushEvery = flushEvery;
    }

    @StartBundle
    public void startBundle() {
      clock.tick();
      accumulators = new HashMap<>();
      inputs = 0;
    }

    @ProcessElement
    public void processElement(
        @Element KV<K, InputT> element, OutputReceiver<KV<Integer, KV<K, AccumT>>> out) {
      accumulators.compute(element.getKey(), (key, accumulator) -> fn.addInput(
          accumulator == null ? fn.createAccumulator() : accumulator, element.getValue()));
      if (++inputs >= flushEvery) {
        accumulators.forEach((key, accumulator) -> out.output(sharded(key, accumulator)));
        accumulators = new HashMap<>();
        inputs = 0;
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      // Batch only: everything here lives in the global window.
      accumulators.forEach((key, accumulator) -> context.output(
          sharded(key, accumulator), BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE));
      accumulators = null;
      clock.tick();
    }

    private KV<Integer, KV<K, AccumT>> sharded(K key, AccumT accumulator) {
      return KV.of(Math.floorMod(key.hashCode(), shards), KV.of(key, accumulator));
    }
  }

  private static final class MergeShardFn<K, AccumT, OutputT>
      extends ClockedDoFn<KV<Integer, Iterable<KV<K, AccumT>>>, KV<K, OutputT>> {
    private final CombineFn<?, AccumT, OutputT> fn;

    MergeShardFn(CombineFn<?, AccumT, OutputT> fn) {
      this.fn = fn;
    }

    @ProcessElement
    public void processElement(
        @Element KV<Integer, Iterable<KV<K, AccumT>>> shard, OutputReceiver<KV<K, OutputT>> out) {
      Map<K, AccumT> merged = new HashMap<>();
      for (KV<K, AccumT> partial : shard.getValue()) {
        // Merged into an accumulator of our own: a merge may change its first argument, and
        // grouped values belong to the runner.
        AccumT total = merged.computeIfAbsent(partial.getKey(), key -> fn.createAccumulator());
        merged.put(partial.getKey(), fn.mergeAccumulators(List.of(total, partial.getValue())));
      }
      merged.forEach((key, accumulator) -> out.output(KV.of(key, fn.extractOutput(accumulator))));
    }
  }
}
