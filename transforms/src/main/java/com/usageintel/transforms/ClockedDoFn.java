package com.usageintel.transforms;

import org.apache.beam.sdk.transforms.DoFn;

/**
 * A DoFn whose step reports when it worked: its {@link StepClock} ticks as each bundle starts and
 * finishes. DoFns with bundle methods of their own tick their clock there instead.
 */
public abstract class ClockedDoFn<InputT, OutputT> extends DoFn<InputT, OutputT> {
  private final StepClock clock = new StepClock();

  @StartBundle
  public void startClock() {
    clock.tick();
  }

  @FinishBundle
  public void stopClock() {
    clock.tick();
  }
}
