package com.usageintel.transforms;

import java.io.Serializable;
import java.util.function.LongSupplier;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * When a step works: a DoFn ticks it as each bundle starts and finishes, and the wall-clock
 * milliseconds go into one Beam distribution, which the runner keeps per step. Its minimum and
 * maximum are the step's first and last moment of work, so a run can print which step ran when,
 * on any runner, for two clock reads per bundle. (Per-element timing would cost more than some of
 * the steps it measures.)
 */
public final class StepClock implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The namespace and name of the distribution, for whoever queries it. */
  public static final String NAMESPACE = "usage-intel";

  public static final String BUNDLE_MILLIS = "bundle_epoch_millis";

  /** Where the milliseconds come from: the wall clock, or a test's ticks. */
  interface Millis extends LongSupplier, Serializable {}

  private final Distribution bundleMillis = Metrics.distribution(NAMESPACE, BUNDLE_MILLIS);

  private final Millis now;

  /** A clock that reads the wall clock. */
  public StepClock() {
    this(System::currentTimeMillis);
  }

  /** A clock that reads {@code now}; for tests, which need ticks they can predict. */
  StepClock(Millis now) {
    this.now = now;
  }

  /** Call at the start and at the end of every bundle. */
  public void tick() {
    bundleMillis.update(now.getAsLong());
  }
}
