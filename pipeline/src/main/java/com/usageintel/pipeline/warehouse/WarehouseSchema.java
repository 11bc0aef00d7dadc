package com.usageintel.pipeline.warehouse;

import com.usageintel.pipeline.JarResource;
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
    return JarResource.text("/sql/" + name);
  }

}
