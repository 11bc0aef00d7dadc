package com.usageintel.pipeline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a stand-in for Flink's REST API serving the JSON a Flink 1.19 cluster served for a run
 * (the real cluster is FlinkClusterIT's): the job is found by name, the newest of that name.
 */
class FlinkJobMonitorTest {
  private static final String OVERVIEW = "{\"jobs\":["
      + "{\"jid\":\"old\",\"name\":\"usage-intel-run-7\",\"start-time\":100,\"state\":\"FAILED\"},"
      + "{\"jid\":\"b165a8ce\",\"name\":\"usage-intel-run-7\",\"start-time\":200,\"state\":\"RUNNING\"},"
      + "{\"jid\":\"other\",\"name\":\"usage-intel-run-8\",\"start-time\":300,\"state\":\"RUNNING\"}]}";

  // Two counters of rows_read (two steps), payloads 4KcS = e0 a7 12 and AQ== = 01; one other counter.
  private static final String ACCUMULATORS = "{\"job-accumulators\":[],\"user-task-accumulators\":[{"
      + "\"name\":\"__metricscontainers\",\"type\":\"MetricsAccumulator\",\"value\":"
      + "\"{\\n  \\\"metrics\\\": {\\\"attempted\\\": ["
      + "{\\\"urn\\\": \\\"beam:metric:user:sum_int64:v1\\\", \\\"type\\\": \\\"beam:metrics:sum_int64:v1\\\","
      + " \\\"payload\\\": \\\"4KcS\\\", \\\"labels\\\": {\\\"NAMESPACE\\\": \\\"com.usageintel.transforms.ReadUsageCsv\\\","
      + " \\\"NAME\\\": \\\"rows_read\\\", \\\"PTRANSFORM\\\": \\\"ReadUsageCsv/ScanCsvRecords\\\"}},"
      + "{\\\"urn\\\": \\\"beam:metric:user:sum_int64:v1\\\", \\\"type\\\": \\\"beam:metrics:sum_int64:v1\\\","
      + " \\\"payload\\\": \\\"AQ==\\\", \\\"labels\\\": {\\\"NAMESPACE\\\": \\\"com.usageintel.transforms.ReadUsageCsv\\\","
      + " \\\"NAME\\\": \\\"rows_read\\\", \\\"PTRANSFORM\\\": \\\"ReadUsageCsv/Other\\\"}},"
      + "{\\\"urn\\\": \\\"beam:metric:user:sum_int64:v1\\\", \\\"type\\\": \\\"beam:metrics:sum_int64:v1\\\","
      + " \\\"payload\\\": \\\"Bw==\\\", \\\"labels\\\": {\\\"NAMESPACE\\\": \\\"com.usageintel.transforms.DeduplicateEvents\\\","
      + " \\\"NAME\\\": \\\"rows_duplicate\\\", \\\"PTRANSFORM\\\": \\\"DeduplicateEvents\\\"}}"
      + "]}}\"}],\"serialized-user-task-accumulators\":{}}";

  private HttpServer server;
  private String address;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    Map<String, String> responses =
        Map.of("/jobs/overview", OVERVIEW, "/jobs/b165a8ce/accumulators", ACCUMULATORS);
    server.createContext("/", exchange -> {
      String body = responses.get(exchange.getRequestURI().getPath());
      byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    address = "127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void findsTheNewestJobOfItsNameAndItsPageInTheWebUi() {
    FlinkJobMonitor monitor = new FlinkJobMonitor(address, "usage-intel-run-7");

    assertEquals(Optional.of("http://" + address + "/#/job/running/b165a8ce/overview"), monitor.jobUrl());
  }

  @Test
  void sumsTheCounterOverTheStepsThatReportIt() {
    FlinkJobMonitor monitor = new FlinkJobMonitor(address, "usage-intel-run-7");

    // e0 a7 12 as a varint: 0x60 + 0x27 * 128 + 0x12 * 16384 = 96 + 4,992 + 294,912 = 300,000; plus 1.
    assertEquals(OptionalLong.of(300_001),
        monitor.counter("com.usageintel.transforms.ReadUsageCsv", "rows_read"));
    assertEquals(OptionalLong.of(7),
        monitor.counter("com.usageintel.transforms.DeduplicateEvents", "rows_duplicate"));
    assertEquals(OptionalLong.empty(), monitor.counter("com.usageintel.transforms.ReadUsageCsv", "none"));
  }

  @Test
  void knowsNothingOfAJobTheClusterDoesNotListOrOfAClusterThatDoesNotAnswer() {
    assertEquals(Optional.empty(), new FlinkJobMonitor(address, "usage-intel-run-9").jobUrl());
    assertEquals(OptionalLong.empty(),
        new FlinkJobMonitor(address, "usage-intel-run-8").counter("any", "rows_read"));
    server.stop(0);
    assertEquals(Optional.empty(), new FlinkJobMonitor(address, "usage-intel-run-7").jobUrl());
  }
}
