package com.usageintel.transforms;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Base of the small result types our composites return: a typed view over the tagged outputs of
 * a multi-output step, so callers ask for {@code events()} or {@code rejected()} by name.
 */
public abstract class TupleResult implements POutput {
  protected final PCollectionTuple outputs;

  protected TupleResult(PCollectionTuple outputs) {
    this.outputs = outputs;
  }

  @Override
  public Pipeline getPipeline() {
    return outputs.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return outputs.expand();
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, org.apache.beam.sdk.values.PInput input, PTransform<?, ?> transform) {}
}
