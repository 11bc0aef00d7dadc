package com.usageintel.pipeline.bench;

import com.usageintel.pipeline.warehouse.EmbeddedDatabase;
import com.usageintel.pipeline.warehouse.PostgresDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench's throw-away embedded PostgreSQL: one server for every run, a fresh database for each,
 * and the postmaster's pid, whose process tree {@link PeakMemory} samples.
 */
final class BenchDatabaseServer implements AutoCloseable {
  private static final List<String> SHOWN_SETTINGS = List.of(
      "shared_buffers", "work_mem", "maintenance_work_mem", "effective_cache_size", "max_wal_size",
      "wal_level", "synchronous_commit", "fsync", "jit", "max_connections",
      "max_parallel_workers_per_gather");

  private final EmbeddedDatabase database;
  private final long postmasterPid;

  private BenchDatabaseServer(EmbeddedDatabase database, long postmasterPid) {
    this.database = database;
    this.postmasterPid = postmasterPid;
  }

  /** A scratch server over {@code dataDirectory}, on a free port. */
  static BenchDatabaseServer start(Path dataDirectory) throws IOException {
    EmbeddedDatabase database = EmbeddedDatabase.start(dataDirectory, 0);
    try {
      return new BenchDatabaseServer(database, postmasterPid(dataDirectory));
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  private static long postmasterPid(Path dataDirectory) throws IOException {
    return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
  }

  long postmasterPid() {
    return postmasterPid;
  }

  /** The server's default database. */
  String jdbcUrl() {
    return database.jdbcUrl();
  }

  String jdbcUrl(String name) {
    return "jdbc:postgresql://127.0.0.1:" + database.port() + "/" + name;
  }

  String freshDatabase(Variant variant, long rows, int repeat) throws SQLException {
    String name = "bench_" + variant.id() + "_" + rows + "_" + repeat;
    admin("drop database if exists " + name + " with (force)", "create database " + name);
    return name;
  }

  /** Writes out dirty pages left by the previous run, so that it does not slow the next one. */
  void checkpoint() throws SQLException {
    admin("checkpoint");
  }

  void admin(String... statements) throws SQLException {
    try (Connection connection = PostgresDataSource.of(database.jdbcUrl(), EmbeddedDatabase.USER).connect();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  long count(String name, String sql) throws SQLException {
    try (Connection connection = PostgresDataSource.of(jdbcUrl(name), EmbeddedDatabase.USER).connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The server's {@code version()}. */
  String version() throws SQLException {
    try (Connection connection = PostgresDataSource.of(database.jdbcUrl(), EmbeddedDatabase.USER).connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select version()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The settings that bear on the timings, as "value × unit". */
  Map<String, String> settings() throws SQLException {
    Map<String, String> settings = new LinkedHashMap<>();
    try (Connection connection = PostgresDataSource.of(database.jdbcUrl(), EmbeddedDatabase.USER).connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(
            "select name, setting, unit from pg_settings where name in ('"
                + String.join("', '", SHOWN_SETTINGS) + "') order by name")) {
      while (rs.next()) {
        String unit = rs.getString(3);
        settings.put(rs.getString(1), rs.getString(2) + (unit == null ? "" : " × " + unit));
      }
    }
    return settings;
  }

  @Override
  public void close() {
    database.close();
  }
}
