package com.usageintel.pipeline.warehouse;

import static com.usageintel.pipeline.CommandLineRun.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.CommandLineRun;
import com.usageintel.pipeline.LoadRunTest;
import com.usageintel.pipeline.UserFacingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's warehouse, the embedded server that run, report and serve start over
 * --embeddedDataDir: durable, and only the holder of its credentials gets in.
 */
class EmbeddedDatabaseTest {
  @TempDir Path dir;

  @Test
  void theWarehouseIsDurable() throws SQLException {
    try (EmbeddedDatabase warehouse = EmbeddedDatabase.startWarehouse(dir.resolve("pgdata"), 0);
        Connection connection = warehouse.dataSource().connect()) {
      assertEquals("on", show(connection, "fsync"));
      assertEquals("on", show(connection, "synchronous_commit"));
      assertEquals("on", show(connection, "full_page_writes"));
    }
  }

  @Test
  void aScratchServerKeepsTheFastSettingsItSaysItHas() throws SQLException {
    try (EmbeddedDatabase scratch = EmbeddedDatabase.start(dir.resolve("scratch"), 0);
        Connection connection = scratch.dataSource().connect()) {
      assertEquals("off", show(connection, "fsync"));
      assertEquals("off", show(connection, "synchronous_commit"));
    }
  }

  @Test
  void theWarehouseAdmitsOnlyTheHolderOfItsCredentials() throws IOException, SQLException {
    Path data = dir.resolve("pgdata");
    try (EmbeddedDatabase warehouse = EmbeddedDatabase.startWarehouse(data, 0)) {
      Path credentials = warehouse.credentialsFile();
      assertEquals(dir.resolve("pgdata.pgpass"), credentials);
      assertEquals("rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));

      SQLException noPassword = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(warehouse.jdbcUrl(), login(null)).close());
      assertTrue(noPassword.getMessage().contains("no password was provided"), noPassword.getMessage());
      SQLException wrongPassword = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(warehouse.jdbcUrl(), login("postgres")).close());
      assertEquals("28P01", wrongPassword.getSQLState(), wrongPassword.getMessage());

      String password = EmbeddedDatabase.readPassword(credentials);
      assertTrue(password.length() >= 32, "a generated password of 32 characters");
      try (Connection owner = DriverManager.getConnection(warehouse.jdbcUrl(), login(password))) {
        assertEquals(0, count(owner, "select count(*) from pg_hba_file_rules"
            + " where auth_method <> 'scram-sha-256' or error is not null"));
      }
    }
    // The password is kept: the next start uses it.
    try (EmbeddedDatabase again = EmbeddedDatabase.startWarehouse(data, 0);
        Connection connection = again.dataSource().connect()) {
      assertEquals("on", show(connection, "fsync"));
    }
  }

  @Test
  void aDataDirectoryOfTheEarlierReleaseGetsAPasswordOnItsFirstStart() throws SQLException {
    Path data = dir.resolve("pgdata");
    // The earlier release's warehouse: trust for every local connection, no credentials file.
    try (EmbeddedDatabase earlier = EmbeddedDatabase.start(data, 0);
        Connection connection = earlier.dataSource().connect();
        Statement statement = connection.createStatement()) {
      statement.execute("create table kept (n int); insert into kept values (42)");
    }
    assertFalse(Files.exists(EmbeddedDatabase.credentialsFile(data)));

    try (EmbeddedDatabase warehouse = EmbeddedDatabase.startWarehouse(data, 0)) {
      assertThrows(SQLException.class,
          () -> DriverManager.getConnection(warehouse.jdbcUrl(), login(null)).close());
      try (Connection connection = warehouse.dataSource().connect()) {
        assertEquals(42, count(connection, "select n from kept"));
        assertEquals("on", show(connection, "fsync"));
      }
    }
  }

  @Test
  void aWarehouseWhoseCredentialsAreGoneSaysWhereTheyWereInOneLine() {
    Path data = dir.resolve("pgdata");
    EmbeddedDatabase.startWarehouse(data, 0).close();
    Path credentials = EmbeddedDatabase.credentialsFile(data);
    assertTrue(credentials.toFile().delete());

    UserFacingException refused =
        assertThrows(UserFacingException.class, () -> EmbeddedDatabase.startWarehouse(data, 0));
    assertTrue(refused.getMessage().contains("admits only the password kept in " + credentials
        + ", which is missing"), refused.getMessage());
  }

  @Test
  void runAndReportUseTheCredentialsWithoutAsking() throws IOException {
    Path input = dir.resolve("fixture.csv");
    Files.writeString(input, LoadRunTest.FIXTURE, StandardCharsets.UTF_8);
    Path data = dir.resolve("pgdata");

    CommandLineRun run = execute("run", "--input=" + input, "--embeddedDataDir=" + data);
    CommandLineRun report = execute("report", "--embeddedDataDir=" + data,
        "--output=" + dir.resolve("report.html"));

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(Files.exists(EmbeddedDatabase.credentialsFile(data)));
    assertEquals(0, report.exitCode(), report.describe());
    assertTrue(report.out().contains("dashboard of 5 events"), report.out());
  }

  private static Properties login(String password) {
    Properties properties = new Properties();
    properties.setProperty("user", EmbeddedDatabase.USER);
    if (password != null) {
      properties.setProperty("password", password);
    }
    return properties;
  }

  private static String show(Connection connection, String setting) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("show " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
