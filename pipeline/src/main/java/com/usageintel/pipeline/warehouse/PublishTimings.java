package com.usageintel.pipeline.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a publish transaction's time went, phase by phase: stored with the run in
 * {@code etl_run.publish_seconds} and printed at its end, so a slow publish says which part.
 */
final class PublishTimings {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private long lastNanos = System.nanoTime();

  /** Ends the phase that ran since the previous mark (or since the start). */
  void mark(String phase) {
    long now = System.nanoTime();
    seconds.merge(phase, (now - lastNanos) / 1e9, Double::sum);
    lastNanos = now;
  }

  /** The phases as a JSON object of seconds (to the millisecond), in the order they ran. */
  String json() {
    Map<String, Double> milliseconds = new LinkedHashMap<>();
    seconds.forEach((phase, s) -> milliseconds.put(phase, Math.round(s * 1000) / 1000.0));
    try {
      return JSON.writeValueAsString(milliseconds);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
