package com.usageintel.pipeline.bench;

import com.usageintel.pipeline.UserFacingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Runs the product ({@code java -jar usage-intel.jar run ...}) as a child JVM into a database of
 * the bench's server and measures it: wall time from start to exit, the child's peak RSS, the
 * server's peak Pss, the fact rows at the end and the run's "already loaded" count. Each run's
 * output goes to logs/&lt;database&gt;.log.
 */
final class ProductRunner {
  private static final Pattern ALREADY_LOADED = Pattern.compile("already loaded ([0-9,]+)");

  private final BenchDatabaseServer server;
  private final Path productJar;
  private final List<String> childJvmArgs;
  private final Path flinkOptionsFile;
  private final Path logs;

  ProductRunner(BenchDatabaseServer server, Path productJar, List<String> childJvmArgs, Path flinkOptionsFile,
      Path logs) {
    this.server = server;
    this.productJar = productJar;
    this.childJvmArgs = List.copyOf(childJvmArgs);
    this.flinkOptionsFile = flinkOptionsFile;
    this.logs = logs;
  }

  /** A run of the main table: into a fresh database, dropped afterwards. */
  Sample inFreshDatabase(Variant variant, long rows, int repeat, Path input) throws Exception {
    String name = server.freshDatabase(variant, rows, repeat);
    Sample sample = into(name, variant, Sample.FRESH, null, rows, repeat, input);
    server.admin("drop database " + name + " with (force)");
    return sample;
  }

  /** A run into {@code database}, which is kept. */
  Sample into(String database, Variant variant, String scenario, @Nullable IncrementalShape shape, long rows,
      int repeat, Path input) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(childJvmArgs);
    command.addAll(List.of("-jar", productJar.toString(), "run", "--jdbcUrl=" + server.jdbcUrl(database),
        "--input=" + input.toAbsolutePath()));
    if (variant == Variant.FLINK) {
      command.add("--optionsFile=" + flinkOptionsFile.toAbsolutePath());
    }
    Path log = logs.resolve(database + ".log");
    server.checkpoint();
    long started = System.nanoTime();
    Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit;
    long jvmPeak;
    long dbPeak;
    try (PeakMemory jvm = PeakMemory.ofProcess(child.pid());
        PeakMemory db = PeakMemory.ofProcessTree(server.postmasterPid())) {
      exit = child.waitFor();
      jvmPeak = jvm.peakBytes();
      dbPeak = db.peakBytes();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (exit != 0) {
      throw new UserFacingException("the " + variant.id() + " run on " + rows + " rows failed (exit " + exit
          + "): see " + log.toAbsolutePath());
    }
    long factRows = server.count(database, "select count(*) from fact_feature_usage");
    return new Sample(scenario, shape == null ? null : shape.id(), variant.id(), rows, repeat, seconds, jvmPeak,
        dbPeak, factRows, alreadyLoaded(log), Map.of());
  }

  /** The "already loaded" count of the log's last "succeeded" line; NULL if it has none. */
  private static @Nullable Long alreadyLoaded(Path log) throws IOException {
    Long found = null;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher matcher = ALREADY_LOADED.matcher(line);
      if (line.contains("succeeded") && matcher.find()) {
        found = Long.parseLong(matcher.group(1).replace(",", ""));
      }
    }
    return found;
  }
}
