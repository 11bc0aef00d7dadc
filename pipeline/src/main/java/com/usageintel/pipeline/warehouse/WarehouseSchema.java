package com.usageintel.pipeline.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/** The warehouse's schema: its migrations and BI views, and the SQL files they and the publish read. */
public final class WarehouseSchema {
  private WarehouseSchema() {}

  /**
   * Brings the warehouse to this release's schema with the versioned migrations of
   * {@code sql/migrations} (Flyway; a database made before them is taken from version 0, since the
   * first migration is written to apply over any earlier one), then the BI views over it
   * ({@code sql/bi.sql}, re-applied by every run). Runs take turns, so one run migrates.
   */
  public static void apply(PostgresDataSource database, Connection connection)
      throws SQLException {
    // Flyway opens connections of its own, from the pool of the same database.
    Flyway.configure()
        .dataSource(database.apply(null))
        .locations("classpath:sql/migrations")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
    try (Statement statement = connection.createStatement()) {
      statement.execute(sqlScript("bi.sql"));
    }
  }

  /** A script of the top-level sql/ folder, which ships inside the jar. */
  public static String sqlScript(String name) {
    try (InputStream in = WarehouseSchema.class.getResourceAsStream("/sql/" + name)) {
      if (in == null) {
        throw new IllegalStateException("sql/" + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
