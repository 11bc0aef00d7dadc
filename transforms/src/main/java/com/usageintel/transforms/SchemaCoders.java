package com.usageintel.transforms;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;

/**
 * Schema coders by class: Beam infers them for a PCollection of a schema type, but not for a
 * schema type nested in a KV, where we set them ourselves.
 */
public final class SchemaCoders {
  private SchemaCoders() {}

  public static <T> Coder<T> of(Pipeline pipeline, Class<T> type) {
    try {
      return pipeline.getSchemaRegistry().getSchemaCoder(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(type + " is not a Beam schema type", e);
    }
  }
}
