package com.usageintel.pipeline.bench;

import java.util.Locale;

/** How the incremental benchmark's new rows relate to the rows loaded before them. */
public enum IncrementalShape {
  /** The days after the base's last day, plus a few late events of its last week: a daily load. */
  DAILY,
  /** Rows over every day the base holds: the generator with another seed over the whole calendar. */
  SPREAD;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
