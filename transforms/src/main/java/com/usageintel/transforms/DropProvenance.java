package com.usageintel.transforms;

import com.usageintel.schemas.UsageEvent;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The events with their provenance emptied: raw text and source file blank, line 0. Only the
 * survivor rule reads those; the dimensions and aggregates after it do not, and on Flink each step
 * that reads a collection gets its own serialized copy, of which the raw text is most.
 */
public final class DropProvenance extends PTransform<PCollection<UsageEvent>, PCollection<UsageEvent>> {
  private DropProvenance() {}

  public static DropProvenance ofEvents() {
    return new DropProvenance();
  }

  @Override
  public PCollection<UsageEvent> expand(PCollection<UsageEvent> events) {
    return events.apply(
        "EmptyProvenance",
        MapElements.into(TypeDescriptor.of(UsageEvent.class))
            .via(event -> event.toBuilder().setRawText("").setSourceFile("").setLineNumber(0).build()));
  }
}
