package com.usageintel.pipeline.bench;

import com.usageintel.pipeline.warehouse.EmbeddedDatabase;
import com.usageintel.pipeline.warehouse.PostgresDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;

/**
 * Runs the in-PostgreSQL baseline or COPY alone through JDBC from this JVM, into a fresh database
 * of the bench's server, and measures it: the work happens in the server, so only its peak Pss is
 * sampled, from connecting to the last statement.
 */
final class InDatabaseRunner {
  private final BenchDatabaseServer server;

  InDatabaseRunner(BenchDatabaseServer server) {
    this.server = server;
  }

  Sample inFreshDatabase(Variant variant, long rows, int repeat, Path input) throws Exception {
    String name = server.freshDatabase(variant, rows, repeat);
    server.checkpoint();
    Map<String, Double> steps = Map.of();
    long linesCopied = 0;
    long dbPeak;
    long started = System.nanoTime();
    try (Connection connection = PostgresDataSource.of(server.jdbcUrl(name), EmbeddedDatabase.USER).connect();
        PeakMemory db = PeakMemory.ofProcessTree(server.postmasterPid())) {
      if (variant == Variant.POSTGRES) {
        steps = InPostgresBaseline.run(connection, input);
      } else {
        linesCopied = InPostgresBaseline.copyOnly(connection, input);
      }
      dbPeak = db.peakBytes();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long outputRows = variant == Variant.POSTGRES
        ? server.count(name, "select count(*) from baseline.fact_feature_usage")
        : linesCopied;
    server.admin("drop database " + name + " with (force)");
    return new Sample(Sample.FRESH, null, variant.id(), rows, repeat, seconds, null, dbPeak, outputRows, null,
        steps);
  }
}
