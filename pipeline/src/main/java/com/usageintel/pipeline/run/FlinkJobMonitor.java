package com.usageintel.pipeline.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Follows a job on a Flink cluster through the cluster's REST API, since the Flink runner hands
 * back its result only when a batch job has ended: the job's page in the web UI, and Beam's
 * counters so far, which Flink reports (with every TaskManager heartbeat) as the accumulator
 * {@code __metricscontainers}.
 */
final class FlinkJobMonitor {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String restAddress;
  private final String jobName;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private String jobId;

  /** A job named {@code jobName} on the cluster whose REST API listens on {@code host:port}. */
  FlinkJobMonitor(String restAddress, String jobName) {
    this.restAddress = restAddress;
    this.jobName = jobName;
  }

  /** The job's page in the web UI, once the cluster knows the job. */
  Optional<String> jobUrl() {
    return findJobId().map(id -> "http://" + restAddress + "/#/job/running/" + id + "/overview");
  }

  /** The sum of a Beam counter over the job's tasks so far, once Flink has reported it. */
  OptionalLong counter(String namespace, String name) {
    Optional<String> id = findJobId();
    if (id.isEmpty()) {
      return OptionalLong.empty();
    }
    JsonNode accumulators = get("/jobs/" + id.get() + "/accumulators");
    if (accumulators == null) {
      return OptionalLong.empty();
    }
    long sum = 0;
    boolean found = false;
    for (JsonNode accumulator : accumulators.path("user-task-accumulators")) {
      if (!"__metricscontainers".equals(accumulator.path("name").asText())) {
        continue;
      }
      JsonNode containers = parse(accumulator.path("value").asText());
      for (JsonNode metric : containers == null ? JSON.createArrayNode()
          : containers.path("metrics").path("attempted")) {
        JsonNode labels = metric.path("labels");
        if (namespace.equals(labels.path("NAMESPACE").asText())
            && name.equals(labels.path("NAME").asText())
            && metric.path("type").asText().endsWith("sum_int64:v1")) {
          sum += decodeVarLong(Base64.getDecoder().decode(metric.path("payload").asText()));
          found = true;
        }
      }
    }
    return found ? OptionalLong.of(sum) : OptionalLong.empty();
  }

  private Optional<String> findJobId() {
    if (jobId == null) {
      JsonNode overview = get("/jobs/overview");
      long latestStart = Long.MIN_VALUE;
      for (JsonNode job : overview == null ? JSON.createArrayNode() : overview.path("jobs")) {
        if (jobName.equals(job.path("name").asText())
            && job.path("start-time").asLong() > latestStart) {
          latestStart = job.path("start-time").asLong();
          jobId = job.path("jid").asText();
        }
      }
    }
    return Optional.ofNullable(jobId);
  }

  /** The response's JSON, or null if the cluster does not answer (progress is best effort). */
  private JsonNode get(String path) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://" + restAddress + path))
              .timeout(Duration.ofSeconds(3))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? parse(response.body()) : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return null;
    }
  }

  /** Beam's encoding of an int64 counter: a base-128 varint, low bits first. */
  static long decodeVarLong(byte[] bytes) {
    long value = 0;
    int shift = 0;
    for (byte b : bytes) {
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
    }
    return value;
  }
}
