package com.usageintel.transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Max;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.junit.Rule;
import org.junit.Test;

public class CombinePerKeyInShardsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void combinesEveryKeyOnceAcrossBundlesAndShards() {
    // Several inputs, so the values of a key arrive in several bundles; more keys than shards.
    SplittableRandom random = new SplittableRandom(20261124L);
    Map<String, Long> expectedSums = new TreeMap<>();
    PCollectionList<KV<String, Long>> parts = PCollectionList.empty(pipeline);
    for (int part = 0; part < 5; part++) {
      List<KV<String, Long>> values = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String key = "key-" + random.nextInt(60);
        long value = random.nextLong(-1_000, 1_000);
        values.add(KV.of(key, value));
        expectedSums.merge(key, value, Long::sum);
      }
      parts = parts.and(pipeline.apply("Part" + part, Create.of(values)));
    }
    PCollection<KV<String, Long>> all = parts.apply(Flatten.pCollections());

    PCollection<KV<String, Long>> sums =
        all.apply("Sum", CombinePerKeyInShards.of(Sum.ofLongs(), 7));
    // Accumulators sent every few inputs, as large bundles send them: the same sums.
    PCollection<KV<String, Long>> flushedSums =
        all.apply("SumFlushing", CombinePerKeyInShards.<String, Long, long[], Long>of(Sum.ofLongs(), 7)
            .withFlushEvery(13));

    List<KV<String, Long>> expected = new ArrayList<>();
    expectedSums.forEach((key, sum) -> expected.add(KV.of(key, sum)));
    PAssert.that(sums).containsInAnyOrder(expected);
    PAssert.that(flushedSums).containsInAnyOrder(expected);
    pipeline.run();
  }

  @Test
  public void givesNothingForNoInput() {
    PCollection<KV<String, Integer>> none =
        pipeline.apply(Create.empty(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of())));

    PAssert.that(none.apply(CombinePerKeyInShards.of(Max.ofIntegers(), 3))).empty();
    pipeline.run();
  }
}
