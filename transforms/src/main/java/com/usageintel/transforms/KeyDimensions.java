package com.usageintel.transforms;

import com.usageintel.schemas.DimAppVersion;
import com.usageintel.schemas.DimDate;
import com.usageintel.schemas.DimMember;
import com.usageintel.schemas.DimUser;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.aggregate.CalendarDays;

import com.usageintel.transforms.clean.AppVersion;
import com.usageintel.transforms.clean.AppVersions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Max;
import org.apache.beam.sdk.transforms.Min;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Derives every dimension from all loaded events (contract section 4): the members of the simple
 * dimensions, app versions with their numeric order and first day, users with their current
 * attributes, and a gap-free calendar from the first to the last event day. Surrogate keys are
 * given at publish time from a registry, so a member keeps its key across runs.
 */
public final class KeyDimensions extends PTransform<PCollection<UsageEvent>, KeyDimensions.Result> {
  static final TupleTag<DimMember> MEMBERS = new TupleTag<>() {};
  static final TupleTag<DimAppVersion> APP_VERSIONS = new TupleTag<>() {};
  static final TupleTag<DimUser> USERS = new TupleTag<>() {};
  static final TupleTag<DimDate> DATES = new TupleTag<>() {};

  private final ZoneId reportingZone;
  private final int shards;

  private KeyDimensions(ZoneId reportingZone, int shards) {
    this.reportingZone = reportingZone;
    this.shards = shards;
  }

  public static KeyDimensions inUtc() {
    return new KeyDimensions(ZoneOffset.UTC, CombinePerKeyInShards.DEFAULT_SHARDS);
  }

  public KeyDimensions inZone(ZoneId reportingZone) {
    return new KeyDimensions(reportingZone, shards);
  }

  /** Groups on this many shards of the keys; the rows do not depend on it. */
  public KeyDimensions withShards(int shards) {
    return new KeyDimensions(reportingZone, shards);
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

    public PCollection<DimUser> users() {
      return outputs.get(USERS);
    }

    public PCollection<DimDate> dates() {
      return outputs.get(DATES);
    }
  }

  @Override
  public Result expand(PCollection<UsageEvent> events) {
    ZoneId zone = reportingZone;
    PCollection<DimMember> members =
        events
            .apply("ListMembers",
                FlatMapElements.into(TypeDescriptor.of(DimMember.class))
                    .via(e -> List.of(
                        DimMember.create(DimMember.REGION, e.getRegion()),
                        DimMember.create(DimMember.PLATFORM, e.getOsType()),
                        DimMember.create(DimMember.VEHICLE, e.getVehicleModel()),
                        DimMember.create(DimMember.FEATURE, e.getFeatureName()))))
            .apply("KeyByMember", WithKeys.<DimMember, DimMember>of(member -> member)
                .withKeyType(TypeDescriptor.of(DimMember.class)))
            .apply("DistinctMembers", CombinePerKeyInShards.of(Count.<DimMember>combineFn(), shards))
            .apply("MemberKeys", Keys.create());

    PCollection<KV<String, Integer>> versionDays =
        events
            .apply("VersionDays",
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.integers()))
                    .via(e -> KV.of(e.getAppVersion(), CalendarDays.dateSk(e, zone))))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of()));
    PCollection<DimAppVersion> appVersions =
        versionDays
            .apply("FirstDayPerVersion", CombinePerKeyInShards.of(Min.ofIntegers(), shards))
            .apply("ToDimAppVersion",
                MapElements.into(TypeDescriptor.of(DimAppVersion.class))
                    .via(kv -> {
                      AppVersion version = AppVersions.parse(kv.getKey());
                      return version == null
                          ? DimAppVersion.create(kv.getKey(), null, null, -1L, kv.getValue())
                          : DimAppVersion.create(kv.getKey(), version.major(), version.minor(),
                              version.major() * 1_000_000L + version.minor(), kv.getValue());
                    }));

    PCollection<DimUser> users =
        events
            .apply("KeyByUser",
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(UsageEvent.class)))
                    .via(e -> KV.of(e.getUserId(), e)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), events.getCoder()))
            .apply("CurrentAttributes", CombinePerKeyInShards.of(new CurrentAttributesFn(), shards))
            .apply("ToDimUser",
                MapElements.into(TypeDescriptor.of(DimUser.class))
                    .via(kv -> kv.getValue().toDimUser(kv.getKey())));

    PCollection<Integer> days =
        versionDays.apply("EventDays", MapElements.into(TypeDescriptors.integers()).via(KV::getValue));
    PCollectionView<Integer> firstDay =
        days.apply("FirstDay", Combine.globally(Min.ofIntegers()).asSingletonView());
    PCollectionView<Integer> lastDay =
        days.apply("LastDay", Combine.globally(Max.ofIntegers()).asSingletonView());
    PCollection<DimDate> dates =
        events.getPipeline()
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

    return new Result(
        PCollectionTuple.of(MEMBERS, members)
            .and(APP_VERSIONS, appVersions)
            .and(USERS, users)
            .and(DATES, dates));
  }

  /**
   * Per attribute, the value of the latest event where it is known; ties between events at the
   * same instant go to the event whose identity sorts first (the user is the same, so the
   * feature name decides). Associative, so it combines in any order.
   */
  static final class CurrentAttributes {
    final Latest region = new Latest();
    final Latest subscription = new Latest();
    final Latest vehicle = new Latest();
    final Latest os = new Latest();
    long firstSeenMicros = Long.MAX_VALUE;
    long lastSeenMicros = Long.MIN_VALUE;

    void add(UsageEvent e) {
      long at = e.getFeatureUsedAtMicros();
      region.offer(e.getRegion(), at, e.getFeatureName());
      subscription.offer(e.getSubscriptionStatus(), at, e.getFeatureName());
      vehicle.offer(e.getVehicleModel(), at, e.getFeatureName());
      os.offer(e.getOsType(), at, e.getFeatureName());
      firstSeenMicros = Math.min(firstSeenMicros, at);
      lastSeenMicros = Math.max(lastSeenMicros, at);
    }

    /** The four attributes, in a fixed order. */
    List<Latest> all() {
      return List.of(region, subscription, vehicle, os);
    }

    void merge(CurrentAttributes other) {
      region.merge(other.region);
      subscription.merge(other.subscription);
      vehicle.merge(other.vehicle);
      os.merge(other.os);
      firstSeenMicros = Math.min(firstSeenMicros, other.firstSeenMicros);
      lastSeenMicros = Math.max(lastSeenMicros, other.lastSeenMicros);
    }

    DimUser toDimUser(String userId) {
      return DimUser.create(userId, region.valueOrUnknown(), subscription.valueOrUnknown(),
          vehicle.valueOrUnknown(), os.valueOrUnknown(), firstSeenMicros, lastSeenMicros);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CurrentAttributes
          && region.equals(((CurrentAttributes) o).region)
          && subscription.equals(((CurrentAttributes) o).subscription)
          && vehicle.equals(((CurrentAttributes) o).vehicle)
          && os.equals(((CurrentAttributes) o).os)
          && firstSeenMicros == ((CurrentAttributes) o).firstSeenMicros
          && lastSeenMicros == ((CurrentAttributes) o).lastSeenMicros;
    }

    @Override
    public int hashCode() {
      return Objects.hash(region, subscription, vehicle, os, firstSeenMicros, lastSeenMicros);
    }
  }

  /** The latest known value of one attribute. */
  static final class Latest {
    String value;
    long atMicros;
    String featureName;

    void offer(String candidate, long candidateAt, String candidateFeature) {
      if (UsageEvent.UNKNOWN.equals(candidate)) {
        return;
      }
      if (value == null
          || candidateAt > atMicros
          || (candidateAt == atMicros
              && DeduplicateEvents.compareAsUtf8(candidateFeature, featureName) < 0)) {
        value = candidate;
        atMicros = candidateAt;
        featureName = candidateFeature;
      }
    }

    void merge(Latest other) {
      if (other.value != null) {
        offer(other.value, other.atMicros, other.featureName);
      }
    }

    String valueOrUnknown() {
      return value == null ? UsageEvent.UNKNOWN : value;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Latest
          && Objects.equals(value, ((Latest) o).value)
          && atMicros == ((Latest) o).atMicros
          && Objects.equals(featureName, ((Latest) o).featureName);
    }

    @Override
    public int hashCode() {
      return Objects.hash(value, atMicros, featureName);
    }
  }

  /** Each attribute's latest value (or null), its instant and its event's feature, then the span. */
  static final class CurrentAttributesCoder extends AtomicCoder<CurrentAttributes> {
    static final CurrentAttributesCoder INSTANCE = new CurrentAttributesCoder();
    private static final Coder<String> TEXT = NullableCoder.of(StringUtf8Coder.of());
    private static final Coder<Long> MICROS = VarLongCoder.of();

    @Override
    public void encode(CurrentAttributes attributes, OutputStream out) throws IOException {
      for (Latest latest : attributes.all()) {
        TEXT.encode(latest.value, out);
        MICROS.encode(latest.atMicros, out);
        TEXT.encode(latest.featureName, out);
      }
      MICROS.encode(attributes.firstSeenMicros, out);
      MICROS.encode(attributes.lastSeenMicros, out);
    }

    @Override
    public CurrentAttributes decode(InputStream in) throws IOException {
      CurrentAttributes attributes = new CurrentAttributes();
      for (Latest latest : attributes.all()) {
        latest.value = TEXT.decode(in);
        latest.atMicros = MICROS.decode(in);
        latest.featureName = TEXT.decode(in);
      }
      attributes.firstSeenMicros = MICROS.decode(in);
      attributes.lastSeenMicros = MICROS.decode(in);
      return attributes;
    }
  }

  private static final class CurrentAttributesFn extends TallyEventsFn<CurrentAttributes> {
    CurrentAttributesFn() {
      super(CurrentAttributesCoder.INSTANCE);
    }

    @Override
    public CurrentAttributes createAccumulator() {
      return new CurrentAttributes();
    }

    @Override
    public CurrentAttributes addInput(CurrentAttributes attributes, UsageEvent event) {
      attributes.add(event);
      return attributes;
    }

    @Override
    public CurrentAttributes mergeAccumulators(Iterable<CurrentAttributes> all) {
      CurrentAttributes merged = new CurrentAttributes();
      all.forEach(merged::merge);
      return merged;
    }
  }
}
