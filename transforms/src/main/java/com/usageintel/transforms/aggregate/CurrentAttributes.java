package com.usageintel.transforms.aggregate;

import com.usageintel.schemas.DimUser;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.schemas.UserAttribute;
import com.usageintel.transforms.DeduplicateEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A user's current attributes (contract section 4): per attribute, the value of their latest event
 * where it is known; ties between events at the same instant go to the event whose identity sorts
 * first (the user is the same, so the feature name decides). Also the first and last instants
 * seen. Associative and idempotent, so it combines in any order and a part counted twice changes
 * nothing; the warehouse keeps it per user ({@code state_user}) and merges new parts into it.
 */
public final class CurrentAttributes {
  /** The attributes, named as dim_user's columns, in the order of {@link #all()}. */
  public static final List<String> NAMES =
      List.of("region", "subscription_status", "vehicle_model", "os_type");

  private final Latest region = new Latest();
  private final Latest subscription = new Latest();
  private final Latest vehicle = new Latest();
  private final Latest os = new Latest();
  private long firstSeenMicros = Long.MAX_VALUE;
  private long lastSeenMicros = Long.MIN_VALUE;

  public CurrentAttributes add(UsageEvent e) {
    long at = e.getFeatureUsedAtMicros();
    region.offer(e.getRegion(), at, e.getFeatureName());
    subscription.offer(e.getSubscriptionStatus(), at, e.getFeatureName());
    vehicle.offer(e.getVehicleModel(), at, e.getFeatureName());
    os.offer(e.getOsType(), at, e.getFeatureName());
    firstSeenMicros = Math.min(firstSeenMicros, at);
    lastSeenMicros = Math.max(lastSeenMicros, at);
    return this;
  }

  public CurrentAttributes merge(CurrentAttributes other) {
    region.merge(other.region);
    subscription.merge(other.subscription);
    vehicle.merge(other.vehicle);
    os.merge(other.os);
    firstSeenMicros = Math.min(firstSeenMicros, other.firstSeenMicros);
    lastSeenMicros = Math.max(lastSeenMicros, other.lastSeenMicros);
    return this;
  }

  /** The four attributes, in a fixed order: region, subscription status, vehicle model, OS. */
  public List<Latest> all() {
    return List.of(region, subscription, vehicle, os);
  }

  /** The attributes some event of the user knows, as the warehouse keeps them. */
  public List<UserAttribute> known(String userId) {
    List<UserAttribute> known = new ArrayList<>();
    List<Latest> all = all();
    for (int i = 0; i < all.size(); i++) {
      Latest latest = all.get(i);
      if (latest.value != null) {
        known.add(UserAttribute.create(
            userId, NAMES.get(i), latest.value, latest.atMicros, latest.featureName));
      }
    }
    return known;
  }

  public long firstSeenMicros() {
    return firstSeenMicros;
  }

  public long lastSeenMicros() {
    return lastSeenMicros;
  }

  public DimUser toDimUser(String userId) {
    return DimUser.create(userId, region.valueOrUnknown(), subscription.valueOrUnknown(),
        vehicle.valueOrUnknown(), os.valueOrUnknown(), firstSeenMicros, lastSeenMicros);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CurrentAttributes
        && all().equals(((CurrentAttributes) o).all())
        && firstSeenMicros == ((CurrentAttributes) o).firstSeenMicros
        && lastSeenMicros == ((CurrentAttributes) o).lastSeenMicros;
  }

  @Override
  public int hashCode() {
    return Objects.hash(all(), firstSeenMicros, lastSeenMicros);
  }

  /** The latest known value of one attribute, with the instant and feature of its event. */
  public static final class Latest {
    private @Nullable String value;
    private long atMicros;
    private @Nullable String featureName;

    void offer(@Nullable String candidate, long candidateAt, @Nullable String candidateFeature) {
      if (candidate == null || UsageEvent.UNKNOWN.equals(candidate)) {
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
      offer(other.value, other.atMicros, other.featureName);
    }

    /** The value, or null when no event knows it. */
    public @Nullable String value() {
      return value;
    }

    public long atMicros() {
      return atMicros;
    }

    public @Nullable String featureName() {
      return featureName;
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

  public static Coder<CurrentAttributes> coder() {
    return AttributesCoder.INSTANCE;
  }

  /** Each attribute's latest value (or null), its instant and its event's feature, then the span. */
  private static final class AttributesCoder extends AtomicCoder<CurrentAttributes> {
    private static final AttributesCoder INSTANCE = new AttributesCoder();
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
}
