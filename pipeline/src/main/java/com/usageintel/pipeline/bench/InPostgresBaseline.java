package com.usageintel.pipeline.bench;

import com.usageintel.pipeline.JarResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * The baseline a strong SQL user would build without the product (sql/baseline/): COPY the raw
 * file's lines into an unlogged table through the driver's CopyManager, then clean, deduplicate
 * and build the star schema with set-based SQL, into schema {@code baseline}. Each step of
 * transform.sql is timed on its own.
 */
public final class InPostgresBaseline {
  /** COPY in csv mode with a delimiter and quote that never occur: every line is one text value, backslashes kept. */
  static final String COPY_RAW_LINES =
      "copy baseline.raw_line (line) from stdin with (format csv, delimiter E'\\x1f', quote E'\\x1e')";

  private static final String REFERENCE_DATA = "/com/usageintel/schemas/reference-data.json";
  private static final Pattern STEP = Pattern.compile("(?m)^-- step: (.+)$");

  private InPostgresBaseline() {}

  /** Runs the whole baseline on {@code input}; returns seconds per step, "copy" included, in order. */
  public static Map<String, Double> run(Connection connection, Path input) throws SQLException {
    Map<String, Double> seconds = new LinkedHashMap<>();
    execute(connection, JarResource.text("/sql/baseline/prepare.sql"));
    long started = System.nanoTime();
    copyRawLines(connection, input);
    seconds.put("copy", elapsedSeconds(started));
    try (PreparedStatement statement =
        connection.prepareStatement("insert into baseline.reference_doc (doc) values (?::jsonb)")) {
      statement.setString(1, JarResource.text(REFERENCE_DATA));
      statement.executeUpdate();
    }
    for (Map.Entry<String, String> step : steps(JarResource.text("/sql/baseline/transform.sql")).entrySet()) {
      started = System.nanoTime();
      execute(connection, step.getValue());
      seconds.put(step.getKey(), elapsedSeconds(started));
    }
    return seconds;
  }

  /** COPY alone (the benchmark's floor): the raw lines into a fresh unlogged table; returns the lines copied. */
  public static long copyOnly(Connection connection, Path input) throws SQLException {
    execute(connection, JarResource.text("/sql/baseline/prepare.sql"));
    return copyRawLines(connection, input);
  }

  private static long copyRawLines(Connection connection, Path input) throws SQLException {
    try (InputStream lines = Files.newInputStream(input)) {
      return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_RAW_LINES, lines, 1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + input, e);
    }
  }

  /** The script cut at its "-- step: name" lines, each piece under its name. */
  static Map<String, String> steps(String script) {
    Map<String, String> steps = new LinkedHashMap<>();
    Matcher matcher = STEP.matcher(script);
    List<Integer> starts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    while (matcher.find()) {
      starts.add(matcher.start());
      names.add(matcher.group(1).strip());
    }
    for (int i = 0; i < starts.size(); i++) {
      int end = i + 1 < starts.size() ? starts.get(i + 1) : script.length();
      steps.put(names.get(i), script.substring(starts.get(i), end));
    }
    return steps;
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    // The driver sends a multi-statement script as it is; dollar-quoted bodies stay intact.
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }


  private static double elapsedSeconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
