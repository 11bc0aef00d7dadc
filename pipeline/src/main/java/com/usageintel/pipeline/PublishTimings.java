package com.usageintel.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a publish transaction's time went, phase by phase: stored with the run in
 * {@code etl_run.publish_seconds} and printed at its end, so a slow publish says which part.
 */
final class PublishTimings {
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private long lastNanos = System.nanoTime();

  /** Ends the phase that ran since the previous mark (or since the start). */
  void mark(String phase) {
    long now = System.nanoTime();
    seconds.merge(phase, (now - lastNanos) / 1e9, Double::sum);
    lastNanos = now;
  }

  /** The phases as a JSON object of seconds, in the order they ran. */
  String json() {
    return seconds.entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\": " + String.format(java.util.Locale.ROOT, "%.3f", e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
