package com.usageintel.transforms.aggregate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * One day's tally of the events of one OS and numbered app version (state_version_day): the
 * stability table is computed from these alone, merged over all days.
 */
public final class VersionDayState {
  private final String osType;
  private final String appVersion;
  private final int dateSk;
  private final EventTally tally;

  public VersionDayState(String osType, String appVersion, int dateSk, EventTally tally) {
    this.osType = osType;
    this.appVersion = appVersion;
    this.dateSk = dateSk;
    this.tally = tally;
  }

  public String osType() {
    return osType;
  }

  public String appVersion() {
    return appVersion;
  }

  public int dateSk() {
    return dateSk;
  }

  public EventTally tally() {
    return tally;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof VersionDayState)) {
      return false;
    }
    VersionDayState other = (VersionDayState) o;
    return osType.equals(other.osType) && appVersion.equals(other.appVersion)
        && dateSk == other.dateSk && tally.equals(other.tally);
  }

  @Override
  public int hashCode() {
    return Objects.hash(osType, appVersion, dateSk);
  }

  public static Coder<VersionDayState> coder() {
    return StateCoder.INSTANCE;
  }

  private static final class StateCoder extends AtomicCoder<VersionDayState> {
    private static final StateCoder INSTANCE = new StateCoder();
    private static final StringUtf8Coder TEXT = StringUtf8Coder.of();

    @Override
    public void encode(VersionDayState state, OutputStream out) throws IOException {
      TEXT.encode(state.osType, out);
      TEXT.encode(state.appVersion, out);
      VarIntCoder.of().encode(state.dateSk, out);
      EventTally.coder().encode(state.tally, out);
    }

    @Override
    public VersionDayState decode(InputStream in) throws IOException {
      return new VersionDayState(TEXT.decode(in), TEXT.decode(in), VarIntCoder.of().decode(in),
          EventTally.coder().decode(in));
    }
  }
}
