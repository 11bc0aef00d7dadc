package com.usageintel.pipeline.warehouse;

import static com.usageintel.pipeline.warehouse.EmbeddedDatabase.USER;

import com.usageintel.pipeline.UserFacingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.PGConnection;

/**
 * A warehouse admits only its owner: SCRAM logins with the superuser's password, written into a
 * pg_hba.conf of this class's own, and checked on every start.
 */
final class OwnerOnlyAccess {
  /** The first line of the pg_hba.conf this class writes: an owner-only cluster. */
  private static final String OWNER_ONLY_HBA_MARK = "# usage-intel: only the holder of the password in ";

  private OwnerOnlyAccess() {}

  static boolean isOwnerOnly(Path directory) throws IOException {
    Path hba = directory.resolve("pg_hba.conf");
    return Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).startsWith(OWNER_ONLY_HBA_MARK);
  }

  /**
   * A cluster of an earlier release admits every local connection (trust): give the superuser
   * the password (as a SCRAM secret computed here, never sent in clear), then let in only SCRAM
   * logins. A cluster made by {@link EmbeddedDatabase#startWarehouse} is already so; its
   * pg_hba.conf is rewritten the same, so that every warehouse has one known file.
   */
  static void admitOnlyTheOwner(EmbeddedDatabase warehouse, String password) {
    Path dataDirectory = warehouse.dataDirectory();
    try (Connection connection = warehouse.dataSource().connect();
        Statement statement = connection.createStatement()) {
      if (!isOwnerOnly(dataDirectory)) {
        connection.unwrap(PGConnection.class)
            .alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
        Files.writeString(dataDirectory.resolve("pg_hba.conf"),
            OWNER_ONLY_HBA_MARK + warehouse.credentialsFile() + "\n"
                + "# TYPE  DATABASE  USER  ADDRESS       METHOD\n"
                + "local   all       all                 scram-sha-256\n"
                + "host    all       all   127.0.0.1/32  scram-sha-256\n"
                + "host    all       all   ::1/128       scram-sha-256\n",
            StandardCharsets.UTF_8);
        try (ResultSet reloaded = statement.executeQuery("select pg_reload_conf()")) {
          reloaded.next();
        }
        awaitPasswordRequired(warehouse.jdbcUrl());
      }
      EmbeddedPort.requireServedFrom(statement, dataDirectory, warehouse.port());
      try (ResultSet rules = statement.executeQuery("select count(*) from pg_hba_file_rules"
          + " where auth_method <> 'scram-sha-256' or error is not null")) {
        rules.next();
        if (rules.getLong(1) != 0) {
          throw new UserFacingException("the embedded database in " + dataDirectory
              + " would admit connections without its password: check its pg_hba.conf");
        }
      }
    } catch (SQLException | IOException e) {
      throw new UserFacingException("cannot set up password authentication for the embedded"
          + " database in " + dataDirectory + ": " + UserFacingException.firstLine(e), e);
    }
  }

  /** The postmaster applies a reload in its own time: wait until it asks for the password. */
  private static void awaitPasswordRequired(String jdbcUrl) throws SQLException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Properties noPassword = new Properties();
      noPassword.setProperty("user", USER);
      try (Connection ignored = DriverManager.getConnection(jdbcUrl, noPassword)) {
        if (System.nanoTime() > deadline) {
          throw new SQLException("the server still admits connections without a password");
        }
      } catch (SQLException refused) {
        if ("08004".equals(refused.getSQLState()) || "28P01".equals(refused.getSQLState())
            || String.valueOf(refused.getMessage()).contains("no password was provided")) {
          return;
        }
        throw refused;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while setting up password authentication", e);
      }
    }
  }
}
