package com.usageintel.transforms;

import com.usageintel.schemas.FieldIssue;
import com.usageintel.schemas.IssueCount;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Counts field issues per (field, issue code) for {@code dq_issue_counts} (contract section 7),
 * keeping the first {@value #SAMPLE_SIZE} distinct raw values in file order (by file, then line).
 */
public final class CountFieldIssues extends PTransform<PCollection<FieldIssue>, PCollection<IssueCount>> {
  public static final int SAMPLE_SIZE = 5;

  private CountFieldIssues() {}

  public static CountFieldIssues perFieldAndCode() {
    return new CountFieldIssues();
  }

  @Override
  public PCollection<IssueCount> expand(PCollection<FieldIssue> issues) {
    return issues
        .apply(
            "KeyByFieldAndCode",
            MapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()),
                        TypeDescriptor.of(FieldIssue.class)))
                .via(issue -> KV.of(KV.of(issue.getField(), issue.getIssueCode()), issue)))
        // The registry cannot infer a schema coder nested inside a KV.
        .setCoder(
            KvCoder.of(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()), issues.getCoder()))
        .apply("TallyIssues", Combine.perKey(new TallyFn()))
        .apply(
            "ToIssueCounts",
            MapElements.into(TypeDescriptor.of(IssueCount.class))
                .via(
                    kv ->
                        IssueCount.create(
                            kv.getKey().getKey(),
                            kv.getKey().getValue(),
                            kv.getValue().getKey(),
                            kv.getValue().getValue())));
  }

  /** Where a raw value was first seen; file order is (file, line). */
  private static final class Sighting implements Serializable {
    private static final long serialVersionUID = 1L;
    final String sourceFile;
    final long lineNumber;

    Sighting(String sourceFile, long lineNumber) {
      this.sourceFile = sourceFile;
      this.lineNumber = lineNumber;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Sighting
          && ((Sighting) other).sourceFile.equals(sourceFile)
          && ((Sighting) other).lineNumber == lineNumber;
    }

    @Override
    public int hashCode() {
      return Objects.hash(sourceFile, lineNumber);
    }

    static final Comparator<Sighting> FILE_ORDER =
        Comparator.<Sighting, String>comparing(s -> s.sourceFile, DeduplicateEvents::compareAsUtf8)
            .thenComparingLong(s -> s.lineNumber);
  }

  /**
   * The count and the {@value #SAMPLE_SIZE} distinct values first seen earliest. Keeping only
   * those in every partial tally is exact: a value among the global first five is among the first
   * five of the partition that holds its first sighting, since every value ahead of it there is
   * ahead of it globally too.
   */
  static final class Tally implements Serializable {
    private static final long serialVersionUID = 1L;
    long count;
    final Map<String, Sighting> firstSightings = new HashMap<>();

    void add(String value, Sighting sighting) {
      firstSightings.merge(
          value, sighting, (a, b) -> Sighting.FILE_ORDER.compare(a, b) <= 0 ? a : b);
      if (firstSightings.size() > SAMPLE_SIZE) {
        String latest = null;
        for (Map.Entry<String, Sighting> e : firstSightings.entrySet()) {
          if (latest == null
              || Sighting.FILE_ORDER.compare(e.getValue(), firstSightings.get(latest)) > 0) {
            latest = e.getKey();
          }
        }
        firstSightings.remove(latest);
      }
    }

    /** Value equality, which Beam needs to compare partial tallies in flight. */
    @Override
    public boolean equals(Object other) {
      return other instanceof Tally
          && ((Tally) other).count == count
          && ((Tally) other).firstSightings.equals(firstSightings);
    }

    @Override
    public int hashCode() {
      return Objects.hash(count, firstSightings);
    }

    List<String> samples() {
      List<Map.Entry<String, Sighting>> entries = new ArrayList<>(firstSightings.entrySet());
      entries.sort(Map.Entry.comparingByValue(Sighting.FILE_ORDER));
      List<String> values = new ArrayList<>();
      for (Map.Entry<String, Sighting> e : entries) {
        values.add(e.getKey());
      }
      return values;
    }
  }

  /** Outputs (count, samples) in plain coders, which compare by value unlike the accumulator. */
  private static final class TallyFn
      extends Combine.CombineFn<FieldIssue, Tally, KV<Long, List<String>>> {
    @Override
    public Tally createAccumulator() {
      return new Tally();
    }

    @Override
    public Tally addInput(Tally tally, FieldIssue issue) {
      tally.count++;
      tally.add(issue.getRawValue(), new Sighting(issue.getSourceFile(), issue.getLineNumber()));
      return tally;
    }

    @Override
    public Tally mergeAccumulators(Iterable<Tally> tallies) {
      Tally merged = new Tally();
      for (Tally tally : tallies) {
        merged.count += tally.count;
        tally.firstSightings.forEach(merged::add);
      }
      return merged;
    }

    @Override
    public KV<Long, List<String>> extractOutput(Tally tally) {
      return KV.of(tally.count, tally.samples());
    }

    @Override
    public Coder<Tally> getAccumulatorCoder(CoderRegistry registry, Coder<FieldIssue> inputCoder) {
      return SerializableCoder.of(Tally.class);
    }

    @Override
    public Coder<KV<Long, List<String>>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<FieldIssue> inputCoder) {
      return KvCoder.of(VarLongCoder.of(), ListCoder.of(StringUtf8Coder.of()));
    }
  }
}
