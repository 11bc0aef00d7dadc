package com.usageintel.pipeline;

import com.usageintel.pipeline.warehouse.EmbeddedDatabase;
import com.usageintel.pipeline.warehouse.PostgresDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real embedded PostgreSQL for the whole test JVM, and a fresh database in it for every test
 * that asks, so tests never see each other's rows.
 */
public final class TestDatabase {
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static EmbeddedDatabase server;

  private TestDatabase() {}

  public static synchronized EmbeddedDatabase server() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory("usage-intel-test-pg");
        server = EmbeddedDatabase.start(dir, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          server.close();
          // About 700 MB per test JVM: left behind, a few dozen test runs fill a disk.
          deleteTree(dir);
        }));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return server;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Best effort at exit: the directory is in the system's temporary directory.
    }
  }

  /** A new empty database; returns its JDBC URL. */
  public static String freshDatabase() {
    return createDatabase("");
  }

  /**
   * A new database holding a copy of {@code template} (a database made by {@link #freshDatabase}
   * that no one is connected to): a schema is applied once and copied, faster than applied again.
   */
  public static String copyOf(String template) {
    return createDatabase(" template " + template.substring(template.lastIndexOf('/') + 1));
  }

  private static String createDatabase(String options) {
    EmbeddedDatabase db = server();
    String name = "test_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    try (Connection connection = PostgresDataSource.of(db.jdbcUrl(), EmbeddedDatabase.USER).connect();
        Statement statement = connection.createStatement()) {
      statement.execute("create database " + name + options);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return "jdbc:postgresql://127.0.0.1:" + db.port() + "/" + name;
  }

  /**
   * Drops a database made by {@link #freshDatabase}, ending the connections its load left idle in
   * the JVM's pools: the server takes 100 connections, and the tests share it.
   */
  public static void drop(String jdbcUrl) {
    EmbeddedDatabase db = server();
    try (Connection connection = PostgresDataSource.of(db.jdbcUrl(), EmbeddedDatabase.USER).connect();
        Statement statement = connection.createStatement()) {
      statement.execute("drop database " + jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1)
          + " with (force)");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Connection connect(String jdbcUrl) {
    return PostgresDataSource.of(jdbcUrl, EmbeddedDatabase.USER).connect();
  }

  /** Runs one statement as the superuser. */
  public static void execute(String jdbcUrl, String sql) {
    try (Connection connection = connect(jdbcUrl);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The number a {@code select count(*) ...} returns. */
  public static long count(String jdbcUrl, String sql) {
    return Long.parseLong(rows(jdbcUrl, sql).get(0).get(0));
  }

  /**
   * Every row of a query, each as a list of strings (SQL NULL as null), in the query's order;
   * timestamps shown in UTC.
   */
  public static List<List<String>> rows(String jdbcUrl, String sql) {
    try (Connection connection = connect(jdbcUrl);
        Statement statement = connection.createStatement()) {
      statement.execute("set time zone 'UTC'");
      return rows(statement, sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<List<String>> rows(Statement statement, String sql) throws SQLException {
    try (ResultSet rs = statement.executeQuery(sql)) {
      List<List<String>> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int c = 1; c <= columns; c++) {
          row.add(rs.getString(c));
        }
        rows.add(row);
      }
      return rows;
    }
  }
}
