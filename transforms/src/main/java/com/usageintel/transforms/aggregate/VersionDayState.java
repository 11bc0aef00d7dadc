package com.usageintel.transforms.aggregate;

import java.util.List;
import org.apache.beam.sdk.coders.Coder;

/**
 * One day's tally of the events of one OS and numbered app version (state_version_day): the
 * stability table is computed from these alone, merged over all days.
 */
public final class VersionDayState extends KeyedDayState {
  private static final Coder<VersionDayState> CODER =
      coder(VersionDayState.class, 2,
          (key, dateSk, tally) -> new VersionDayState(key.get(0), key.get(1), dateSk, tally));

  public VersionDayState(String osType, String appVersion, int dateSk, EventTally tally) {
    super(List.of(osType, appVersion), dateSk, tally);
  }

  public String osType() {
    return key().get(0);
  }

  public String appVersion() {
    return key().get(1);
  }

  public static Coder<VersionDayState> coder() {
    return CODER;
  }
}
