package com.usageintel.transforms.aggregate;

import com.usageintel.schemas.UsageEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * Everything one day's events give the warehouse: the day's tally, one per {@code agg_usage_daily}
 * group (region, feature, version, OS), one per OS and numbered version, and the vehicle models
 * seen (the other dimensions' members are in the group keys). Parts of a day merge into the day.
 */
public final class DayTally {
  private final EventTally day = new EventTally();
  private final Map<List<String>, EventTally> groups = new HashMap<>();
  private final Map<List<String>, EventTally> versions = new HashMap<>();
  private final Set<String> vehicles = new HashSet<>();

  public DayTally add(UsageEvent event, int dateSk, int userKey) {
    day.add(event, dateSk, userKey);
    groups.computeIfAbsent(
            List.of(event.getRegion(), event.getFeatureName(), event.getAppVersion(),
                event.getOsType()),
            group -> new EventTally())
        .add(event, dateSk, userKey);
    if (!UsageEvent.UNKNOWN.equals(event.getAppVersion())) {
      versions.computeIfAbsent(List.of(event.getOsType(), event.getAppVersion()),
              version -> new EventTally())
          .add(event, dateSk, userKey);
    }
    vehicles.add(event.getVehicleModel());
    return this;
  }

  public DayTally merge(DayTally other) {
    day.merge(other.day);
    other.groups.forEach((group, part) ->
        groups.computeIfAbsent(group, g -> new EventTally()).merge(part));
    other.versions.forEach((version, part) ->
        versions.computeIfAbsent(version, v -> new EventTally()).merge(part));
    vehicles.addAll(other.vehicles);
    return this;
  }

  public EventTally day() {
    return day;
  }

  /** Per (region, feature name, app version, OS). */
  public Map<List<String>, EventTally> groups() {
    return groups;
  }

  /** Per (OS, numbered app version). */
  public Map<List<String>, EventTally> versions() {
    return versions;
  }

  public Set<String> vehicles() {
    return vehicles;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DayTally
        && ((DayTally) o).day.equals(day)
        && ((DayTally) o).groups.equals(groups)
        && ((DayTally) o).versions.equals(versions)
        && ((DayTally) o).vehicles.equals(vehicles);
  }

  @Override
  public int hashCode() {
    return day.hashCode();
  }

  public static Coder<DayTally> coder() {
    return DayTallyCoder.INSTANCE;
  }

  /** The day's tally, then each group's values and tally, each version's, and the vehicles. */
  private static final class DayTallyCoder extends AtomicCoder<DayTally> {
    private static final DayTallyCoder INSTANCE = new DayTallyCoder();
    private static final Coder<EventTally> TALLY = EventTally.coder();
    private static final Coder<List<String>> KEY = ListCoder.of(StringUtf8Coder.of());
    private static final VarIntCoder INT = VarIntCoder.of();

    @Override
    public void encode(DayTally tally, OutputStream out) throws IOException {
      TALLY.encode(tally.day, out);
      encodeMap(tally.groups, out);
      encodeMap(tally.versions, out);
      KEY.encode(List.copyOf(tally.vehicles), out);
    }

    private static void encodeMap(Map<List<String>, EventTally> map, OutputStream out)
        throws IOException {
      INT.encode(map.size(), out);
      for (Map.Entry<List<String>, EventTally> entry : map.entrySet()) {
        KEY.encode(entry.getKey(), out);
        TALLY.encode(entry.getValue(), out);
      }
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      throw new NonDeterministicException(this, "a day's groups are written in hash map order");
    }

    @Override
    public DayTally decode(InputStream in) throws IOException {
      DayTally tally = new DayTally();
      tally.day.merge(TALLY.decode(in));
      decodeMap(tally.groups, in);
      decodeMap(tally.versions, in);
      tally.vehicles.addAll(KEY.decode(in));
      return tally;
    }

    private static void decodeMap(Map<List<String>, EventTally> map, InputStream in)
        throws IOException {
      int size = INT.decode(in);
      for (int i = 0; i < size; i++) {
        map.put(List.copyOf(KEY.decode(in)), TALLY.decode(in));
      }
    }
  }
}
