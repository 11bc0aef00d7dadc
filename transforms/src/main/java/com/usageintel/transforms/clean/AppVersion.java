package com.usageintel.transforms.clean;

import java.io.Serializable;
import java.util.Comparator;

/** A numbered app version; it orders by number, so v1.10 comes after v1.9. */
public record AppVersion(int major, int minor) implements Comparable<AppVersion>, Serializable {
  private static final Comparator<AppVersion> BY_NUMBER =
      Comparator.comparingInt(AppVersion::major).thenComparingInt(AppVersion::minor);

  /** The form loaded into the tables, {@code v{major}.{minor}}. */
  public String canonical() {
    return "v" + major + "." + minor;
  }

  @Override
  public int compareTo(AppVersion other) {
    return BY_NUMBER.compare(this, other);
  }
}
