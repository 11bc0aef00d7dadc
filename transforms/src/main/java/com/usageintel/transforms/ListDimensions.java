package com.usageintel.transforms;

import com.usageintel.schemas.DimAppVersion;
import com.usageintel.schemas.DimDate;
import com.usageintel.schemas.DimMember;
import com.usageintel.schemas.MemberDay;
import com.usageintel.transforms.aggregate.CalendarDays;
import com.usageintel.transforms.clean.AppVersion;
import com.usageintel.transforms.clean.AppVersions;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Max;
import org.apache.beam.sdk.transforms.Min;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lists the small dimensions (contract section 4) from the members present on each day: the
 * members of region, platform, vehicle and feature, app versions with their numeric order and
 * first day, and a gap-free calendar from the first to the last event day. Surrogate keys are
 * given at publish time from a registry, so a member keeps its key across runs.
 */
public final class ListDimensions extends PTransform<PCollection<MemberDay>, ListDimensions.Result> {
  static final TupleTag<DimMember> MEMBERS = new TupleTag<>() {};
  static final TupleTag<DimAppVersion> APP_VERSIONS = new TupleTag<>() {};
  private static final TupleTag<DimDate> DATES = new TupleTag<>() {};

  private ListDimensions() {}

  public static ListDimensions fromMemberDays() {
    return new ListDimensions();
  }

  /** The dimension rows, without keys. */
  public static final class Result extends TupleResult {
    private Result(PCollectionTuple outputs) {
      super(outputs);
    }

    public PCollection<DimMember> members() {
      return outputs.get(MEMBERS);
    }

    public PCollection<DimAppVersion> appVersions() {
      return outputs.get(APP_VERSIONS);
    }

    public PCollection<DimDate> dates() {
      return outputs.get(DATES);
    }
  }

  @Override
  public Result expand(PCollection<MemberDay> memberDays) {
    PCollectionTuple members =
        memberDays
            .apply("KeyByMember", MapElements
                .into(TypeDescriptors.kvs(TypeDescriptors.lists(TypeDescriptors.strings()), TypeDescriptors.integers()))
                .via(m -> KV.of(List.of(m.getDimension(), m.getMember()), m.getDateSk())))
            .setCoder(KvCoder.of(ListCoder.of(StringUtf8Coder.of()), VarIntCoder.of()))
            .apply("FirstDayPerMember", Combine.perKey(Min.ofIntegers()))
            .apply("ToDimensionRows", ParDo.of(new ToDimensionRowsFn())
                .withOutputTags(MEMBERS, TupleTagList.of(APP_VERSIONS)));

    PCollection<Integer> days =
        memberDays.apply("MemberDates", MapElements.into(TypeDescriptors.integers()).via(MemberDay::getDateSk));
    PCollectionView<Integer> firstDay =
        days.apply("FirstDay", Combine.globally(Min.ofIntegers()).asSingletonView());
    PCollectionView<Integer> lastDay =
        days.apply("LastDay", Combine.globally(Max.ofIntegers()).asSingletonView());
    PCollection<DimDate> dates =
        memberDays.getPipeline()
            .apply("StartCalendar", Create.of(0))
            .apply("ListCalendarDays",
                ParDo.of(new DoFn<Integer, DimDate>() {
                  @ProcessElement
                  public void processElement(ProcessContext c) {
                    int first = c.sideInput(firstDay);
                    int last = c.sideInput(lastDay);
                    if (first <= last) {
                      CalendarDays.range(first, last).forEach(c::output);
                    }
                  }
                }).withSideInputs(firstDay, lastDay));
    PCollectionView<List<DimAppVersion>> versions =
        members.get(APP_VERSIONS).apply("AllAppVersions", View.asList());
    PCollection<DimAppVersion> rankedVersions =
        memberDays.getPipeline()
            .apply("StartVersionOrder", Create.of(0))
            .apply("OrderVersions", ParDo.of(new OrderVersionsFn(versions)).withSideInputs(versions));
    return new Result(PCollectionTuple.of(MEMBERS, members.get(MEMBERS))
        .and(APP_VERSIONS, rankedVersions)
        .and(DATES, dates));
  }

  private static class ToDimensionRowsFn extends DoFn<KV<List<String>, Integer>, DimMember> {
    @ProcessElement
    public void processElement(@Element KV<List<String>, Integer> member, MultiOutputReceiver out) {
      String dimension = member.getKey().get(0);
      String value = member.getKey().get(1);
      if (!MemberDay.APP_VERSION.equals(dimension)) {
        out.get(MEMBERS).output(DimMember.create(dimension, value));
        return;
      }
      AppVersion version = AppVersions.parse(value);
      // The sort order is given once every version is known (OrderVersionsFn).
      out.get(APP_VERSIONS).output(version == null
          ? DimAppVersion.create(value, null, null, 0L, member.getValue())
          : DimAppVersion.create(value, version.major(), version.minor(), 0L, member.getValue()));
    }
  }

  /**
   * Numbers the versions in (major, minor) order: {@code Unknown} 0, the numbered ones 1, 2, ...
   * A rank rather than a formula of major and minor: any minor fits, and the numbers stay small
   * enough for BI tools that read integers as doubles.
   */
  private static class OrderVersionsFn extends DoFn<Integer, DimAppVersion> {
    private static final Comparator<DimAppVersion> BY_NUMBER =
        Comparator.comparing(DimAppVersion::getMajor, Comparator.nullsFirst(Comparator.<Integer>naturalOrder()))
            .thenComparing(DimAppVersion::getMinor, Comparator.nullsFirst(Comparator.<Integer>naturalOrder()));

    private final PCollectionView<List<DimAppVersion>> versions;

    OrderVersionsFn(PCollectionView<List<DimAppVersion>> versions) {
      this.versions = versions;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      List<DimAppVersion> sorted = new ArrayList<>(c.sideInput(versions));
      sorted.sort(BY_NUMBER);
      long rank = 0;
      for (DimAppVersion version : sorted) {
        rank = version.getMajor() == null ? 0 : rank + 1;
        c.output(DimAppVersion.create(version.getAppVersion(), version.getMajor(),
            version.getMinor(), rank, version.getFirstSeenDateSk()));
      }
    }
  }
}
