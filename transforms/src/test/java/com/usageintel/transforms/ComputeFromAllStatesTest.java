package com.usageintel.transforms;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.usageintel.schemas.DimMember;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.Rule;
import org.junit.Test;

/**
 * The function is called once, with every state in one list (an empty one when there are none),
 * and each row it returns is output. The rows are of a schema type; DimMember serves here, its
 * dimension naming what a row reports and its member what the call saw.
 */
public class ComputeFromAllStatesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** A row per state, each with every state the call saw, in order. */
  private static List<DimMember> eachWithAllSeen(List<String> states) {
    List<String> seen = new ArrayList<>(states);
    seen.sort(null);
    List<DimMember> rows = new ArrayList<>();
    for (String state : states) {
      rows.add(DimMember.create(state, String.join(",", seen)));
    }
    return rows;
  }

  /** Two rows: how many states the call saw, and their sum. */
  private static List<DimMember> countAndSum(List<Integer> states) {
    long sum = states.stream().mapToLong(Integer::longValue).sum();
    return List.of(
        DimMember.create("count", String.valueOf(states.size())),
        DimMember.create("sum", String.valueOf(sum)));
  }

  @Test
  public void oneCallSeesEveryStateRepeatsIncluded() {
    PCollection<DimMember> rows = fromAll(
        pipeline.apply(Create.of("b", "a", "c", "a")), ComputeFromAllStatesTest::eachWithAllSeen);

    // One call with the four states: four rows, each having seen a, a, b, c. A call per bundle or
    // per state would have seen fewer, or made more rows.
    PAssert.that(rows)
        .containsInAnyOrder(
            DimMember.create("a", "a,a,b,c"),
            DimMember.create("a", "a,a,b,c"),
            DimMember.create("b", "a,a,b,c"),
            DimMember.create("c", "a,a,b,c"));
    pipeline.run();
  }

  private static PCollection<DimMember> countedAndSummed(PCollection<Integer> states) {
    return fromAll(states, ComputeFromAllStatesTest::countAndSum);
  }

  /** The rows {@code compute} makes of every state, listed once as the composites list them. */
  private static <S> PCollection<DimMember> fromAll(
      PCollection<S> states, SerializableFunction<List<S>, List<DimMember>> compute) {
    PCollectionView<List<S>> all = states.apply(View.asList());
    return states.getPipeline().apply(ComputeFromAllStates.of(all, compute, DimMember.class));
  }

  @Test
  public void statesFromManyBundlesMeetInOneCall() {
    List<Integer> states = IntStream.rangeClosed(1, 500).boxed().toList();

    // 1 + 2 + ... + 500 = 500 * 501 / 2 = 125250.
    PAssert.that(countedAndSummed(pipeline.apply(Create.of(states).withCoder(VarIntCoder.of()))))
        .containsInAnyOrder(DimMember.create("count", "500"), DimMember.create("sum", "125250"));
    pipeline.run();
  }

  @Test
  public void noStatesAreAnEmptyList() {
    // Called all the same, once, with no states: a count of 0 and a sum of 0.
    PAssert.that(countedAndSummed(pipeline.apply(Create.empty(VarIntCoder.of()))))
        .containsInAnyOrder(DimMember.create("count", "0"), DimMember.create("sum", "0"));
    pipeline.run();
  }

  @Test
  public void rowsOfATypeWithoutASchemaAreRefused() {
    pipeline.enableAbandonedNodeEnforcement(false);
    PCollection<Integer> states = pipeline.apply(Create.of(1, 2));

    PCollectionView<List<Integer>> all = states.apply(View.asList());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> pipeline.apply(ComputeFromAllStates.of(
            all, (List<Integer> listed) -> List.of(new StringBuilder()), StringBuilder.class)));
    assertEquals("class java.lang.StringBuilder is not a schema type", refused.getMessage());
  }
}
