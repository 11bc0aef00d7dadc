package com.usageintel.pipeline.report;

import com.usageintel.pipeline.UserFacingException;
import com.usageintel.pipeline.warehouse.EmbeddedDatabase;
import com.usageintel.pipeline.warehouse.PostgresDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code usage-intel report}: writes the dashboard of the published tables as one HTML file that
 * opens in any browser without a network or Power BI. The database is chosen as {@code run}
 * chooses it: the embedded one unless a JDBC URL is given.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write a self-contained HTML dashboard of the loaded data: KPIs, daily DAU, events and",
      "error rate with anomalies, retention, feature adoption, days active in the last month,",
      "feature share, usage by region and vehicle model, error rate by app version, data quality",
      "of the last run.",
      "Example (after run): report --output=usage-report.html"
    })
public final class ReportCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--jdbcUrl",
      description = {"PostgreSQL to read, as for run. Default: the embedded database."})
  private String jdbcUrl;

  @Option(
      names = "--dbUser",
      defaultValue = "postgres",
      description = {"Database user (with --jdbcUrl); the password comes from PGPASSWORD or ~/.pgpass.",
          "Default: ${DEFAULT-VALUE}"})
  private String dbUser;

  @Option(
      names = "--embeddedDataDir",
      defaultValue = ".usage-intel/pgdata",
      description = {"Data directory of the embedded database, as for run.", "Default: ${DEFAULT-VALUE}"})
  private Path embeddedDataDir;

  @Option(
      names = "--output",
      defaultValue = "usage-report.html",
      description = {"HTML file to write.", "Default: ${DEFAULT-VALUE}"})
  private Path output;

  @Override
  public Integer call() {
    ReportData data;
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      // A data directory without a cluster has nothing to show; do not create one to find out.
      if (!Files.exists(embeddedDataDir.resolve("PG_VERSION"))) {
        throw new UserFacingException("no embedded database in " + embeddedDataDir.toAbsolutePath()
            + ": load data first with run --input=... (or read another database with --jdbcUrl)");
      }
      try (EmbeddedDatabase embedded = EmbeddedDatabase.startWarehouse(embeddedDataDir, 0)) {
        data = read(embedded.dataSource());
      }
    } else {
      data = read(PostgresDataSource.of(jdbcUrl, dbUser));
    }
    write(DashboardPage.render(data, Instant.now()));
    spec.commandLine().getOut().println("dashboard of " + HumanFormat.count(data.kpis().events())
        + " events written to " + output.toAbsolutePath());
    return 0;
  }

  private static ReportData read(PostgresDataSource database) {
    try (Connection connection = database.connect()) {
      return ReportQueries.read(connection);
    } catch (SQLException e) {
      throw new UserFacingException("cannot read the published tables of " + database.jdbcUrl() + ": "
          + UserFacingException.firstLine(e), e);
    }
  }

  private void write(String page) {
    try {
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(output, page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserFacingException("cannot write " + output.toAbsolutePath() + ": "
          + UserFacingException.firstLine(e), e);
    }
  }
}
