package com.usageintel.pipeline.run;

import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * Options of the {@code run} command. Beam's own options ({@code --runner}, {@code
 * --targetParallelism}, ...) are accepted beside these. The database password is deliberately not
 * an option: it comes from the PGPASSWORD environment variable or ~/.pgpass, so it never appears
 * in a command line, a log or the stored run options.
 */
public interface UsageIntelOptions extends PipelineOptions {
  @Description(
      "Raw usage CSV files: paths or globs, comma-separated (.gz files are decompressed). "
          + "Each must match at least one file.")
  @Validation.Required
  List<String> getInput();

  void setInput(List<String> value);

  @Description(
      "JDBC URL of the PostgreSQL database to load, e.g. jdbc:postgresql://host:5432/usage. "
          + "Empty: start the embedded PostgreSQL whose data lives in --embeddedDataDir.")
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description("Database user (with --jdbcUrl). The password comes from PGPASSWORD or ~/.pgpass.")
  @Default.String("postgres")
  String getDbUser();

  void setDbUser(String value);

  @Description("Data directory of the embedded PostgreSQL; it persists between runs.")
  @Default.String(".usage-intel/pgdata")
  String getEmbeddedDataDir();

  void setEmbeddedDataDir(String value);

  @Description("Port of the embedded PostgreSQL (0 picks a free one).")
  @Default.Integer(0)
  int getEmbeddedPort();

  void setEmbeddedPort(int value);

  @Description("Reference data JSON (canonical values and aliases). Empty: the bundled default.")
  String getReferenceData();

  void setReferenceData(String value);

  @Description("Time zone of timestamps written without an offset (an IANA name such as Europe/Berlin).")
  @Default.String("UTC")
  String getSourceTimeZone();

  void setSourceTimeZone(String value);

  @Description("Time zone in which event dates and ISO weeks are taken.")
  @Default.String("UTC")
  String getReportingTimeZone();

  void setReportingTimeZone(String value);

  @Description("Session durations above this many minutes are set to it.")
  @Default.Double(240)
  double getDurationCapMinutes();

  void setDurationCapMinutes(double value);

  @Description("Records longer than this many bytes are rejected as RECORD_TOO_LARGE.")
  @Default.Integer(1 << 20)
  int getMaxRecordBytes();

  void setMaxRecordBytes(int value);

  @Description("Rows per database write batch.")
  @Default.Integer(1000)
  int getWriteBatchSize();

  void setWriteBatchSize(int value);

  @Description("Groups the grouping steps (deduplication, aggregates) spread their work over;"
      + " results never depend on it. 0 chooses: 2 on the Direct runner, which copies a group's"
      + " state for every bundle that adds to it, else 64 or four times the parallelism.")
  @Default.Integer(0)
  int getGroupingShards();

  void setGroupingShards(int value);
}
