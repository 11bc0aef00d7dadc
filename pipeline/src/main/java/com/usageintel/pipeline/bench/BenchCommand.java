package com.usageintel.pipeline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.usageintel.pipeline.UserFacingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.checkerframework.checker.nullness.qual.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code usage-intel bench}: times the product (Direct runner and Flink local, each as a child JVM)
 * against the in-PostgreSQL baseline and COPY alone, on generated inputs, each in a fresh database
 * of one embedded PostgreSQL; writes results.json, results.md and rows-per-second.svg.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark: the product on the Direct runner and on Flink local against an in-PostgreSQL"
          + " baseline (COPY + SQL) and COPY alone, on generated inputs.",
      "Example: bench --rows=1000000,10000000 --repeats=3 --variants=direct,flink,postgres,copy --out=bench-results"
    })
public final class BenchCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--rows", split = ",", defaultValue = "1000000",
      description = "Input sizes, comma-separated (default ${DEFAULT-VALUE}).")
  private List<Long> rowCounts;

  @Option(names = "--repeats", defaultValue = "3",
      description = "Runs of each variant at each size; the median is reported (default ${DEFAULT-VALUE}).")
  private int repeats;

  @Option(names = "--variants", split = ",", defaultValue = "direct,flink,postgres,copy",
      description = "Any of direct, flink, postgres, copy (default ${DEFAULT-VALUE}).")
  private List<String> variantNames;

  @Option(names = "--incremental",
      description = "Also time --incrementalNewRows new rows onto --incrementalBaseRows loaded ones, against"
          + " the new rows on an empty database, for each product variant and --incrementalShapes.")
  private boolean incremental;

  @Option(names = "--incrementalShapes", split = ",", defaultValue = "daily,spread",
      description = "Any of daily (the base holds the days up to a cut-off, the new rows the days after it and"
          + " 3% late events of the base's last week) and spread (the new rows fall on every day the base holds,"
          + " from --newRowsSeed) (default ${DEFAULT-VALUE}).")
  private List<String> shapeNames;

  @Option(names = "--incrementalBaseRows", defaultValue = "10000000",
      description = "Rows loaded before the incremental run (default ${DEFAULT-VALUE}).")
  private long incrementalBaseRows;

  @Option(names = "--incrementalNewRows", defaultValue = "1000000",
      description = "Rows of the incremental run (default ${DEFAULT-VALUE}).")
  private long incrementalNewRows;

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed of the inputs (default ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--newRowsSeed", defaultValue = "4242",
      description = "Generator seed of the incremental run's new rows: other events (default ${DEFAULT-VALUE}).")
  private long newRowsSeed;

  @Option(names = "--out", defaultValue = "bench-results",
      description = "Directory for inputs, the database, logs and results (default ${DEFAULT-VALUE}).")
  private Path out;

  @Option(names = "--flinkOptionsFile", defaultValue = "run-configs/flink-local.properties",
      description = "Options file of the flink variant (default ${DEFAULT-VALUE}).")
  private Path flinkOptionsFile;

  @Option(names = "--jar", description = "The usage-intel jar the child JVMs run (default: this one).")
  private @Nullable Path jar;

  @Option(names = "--childJvmArgs", split = " ",
      description = "JVM options of the child JVMs, space-separated (default: none, the JVM's own).")
  private List<String> childJvmArgs = new ArrayList<>();

  private final List<Sample> samples = new ArrayList<>();
  /** Each incremental shape's inputs, in the order of --incrementalShapes. */
  private final Map<IncrementalShape, IncrementalInputs> incrementalInputs = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    List<Variant> variants = parseVariants();
    List<IncrementalShape> shapes = parseShapes();
    for (long rows : rowCounts) {
      if (rows < 1) {
        throw new ParameterException(spec.commandLine(), "--rows must be positive, got " + rows);
      }
    }
    if (repeats < 1) {
      throw new ParameterException(spec.commandLine(), "--repeats must be at least 1, got " + repeats);
    }
    if (incremental && (incrementalBaseRows < 1 || incrementalNewRows < 1)) {
      throw new ParameterException(spec.commandLine(), "--incrementalBaseRows and --incrementalNewRows must be"
          + " positive, got " + incrementalBaseRows + " and " + incrementalNewRows);
    }
    boolean runsProduct = variants.stream().anyMatch(Variant::isProduct);
    Path productJar = runsProduct ? productJar() : null;
    if (variants.contains(Variant.FLINK) && !Files.isRegularFile(flinkOptionsFile)) {
      throw new UserFacingException("--flinkOptionsFile " + flinkOptionsFile.toAbsolutePath() + " does not exist");
    }
    PrintWriter console = spec.commandLine().getOut();
    Files.createDirectories(out.resolve("logs"));

    BenchInputs generated = new BenchInputs(out.resolve("inputs"), seed, console);
    Map<Long, Path> inputs = new LinkedHashMap<>();
    for (long rows : rowCounts) {
      inputs.put(rows, generated.wholeCalendar(rows));
    }
    if (incremental && runsProduct) {
      for (IncrementalShape shape : shapes) {
        incrementalInputs.put(shape,
            generated.incremental(shape, incrementalBaseRows, incrementalNewRows, newRowsSeed));
      }
    }

    try (BenchDatabaseServer server = BenchDatabaseServer.start(out.resolve("pgdata"))) {
      Map<String, String> machine = MachineFacts.of(server.version());
      Map<String, String> settings = server.settings();
      console.println("embedded PostgreSQL at " + server.jdbcUrl() + ", settings: " + settings);
      console.flush();
      ProductRunner product = productJar == null ? null
          : new ProductRunner(server, productJar, childJvmArgs, flinkOptionsFile, out.resolve("logs"));
      InDatabaseRunner inDatabase = new InDatabaseRunner(server);
      for (long rows : rowCounts) {
        for (int repeat = 1; repeat <= repeats; repeat++) {
          // Variants take turns within a repeat, so drift on a shared machine spreads over all of them.
          for (Variant variant : variants) {
            Sample sample = variant.isProduct()
                ? product.inFreshDatabase(variant, rows, repeat, inputs.get(rows))
                : inDatabase.inFreshDatabase(variant, rows, repeat, inputs.get(rows));
            record(sample, console, machine, settings);
          }
        }
      }
      for (Variant variant : variants) {
        if (variant.isProduct()) {
          for (Map.Entry<IncrementalShape, IncrementalInputs> shape : incrementalInputs.entrySet()) {
            runIncremental(server, product, variant, shape.getKey(), shape.getValue(), console, machine, settings);
          }
        }
      }
      writeResults(machine, settings);
      console.println("results: " + out.resolve("results.md").toAbsolutePath());
    }
    return 0;
  }

  private void runIncremental(BenchDatabaseServer server, ProductRunner product, Variant variant, IncrementalShape shape,
      IncrementalInputs inputs, PrintWriter console, Map<String, String> machine, Map<String, String> settings)
      throws Exception {
    // Named apart from the main table's runs and from each other, so that each keeps its own log.
    String prefix = "bench_" + variant.id() + "_incremental_" + shape.id();
    String base = prefix + "_base";
    server.admin("drop database if exists " + base + " with (force)", "create database " + base);
    record(product.into(base, variant, Sample.INCREMENTAL_BASE, shape, incrementalBaseRows, 1, inputs.base()),
        console, machine, settings);
    for (int repeat = 1; repeat <= repeats; repeat++) {
      // A copy of the loaded base for each repeat: the run changes the database it runs on.
      String onto = prefix + "_onto_" + repeat;
      server.admin("drop database if exists " + onto + " with (force)",
          "create database " + onto + " template " + base);
      record(product.into(onto, variant, Sample.INCREMENTAL_ONTO_BASE, shape, incrementalNewRows, repeat,
          inputs.newRows()), console, machine, settings);
      server.admin("drop database " + onto + " with (force)");
      String empty = prefix + "_empty_" + repeat;
      server.admin("drop database if exists " + empty + " with (force)", "create database " + empty);
      record(product.into(empty, variant, Sample.INCREMENTAL_ON_EMPTY, shape, incrementalNewRows, repeat,
          inputs.newRows()), console, machine, settings);
      server.admin("drop database " + empty + " with (force)");
    }
    server.admin("drop database if exists " + base + " with (force)");
  }

  private void record(Sample sample, PrintWriter console, Map<String, String> machine, Map<String, String> settings) {
    samples.add(sample);
    console.println(String.format(Locale.ROOT,
        "%s%s, %s, %,d rows, run %d: %.2f s (%,.0f rows/s), %s%s, %,d output rows",
        sample.scenario(), sample.shape() == null ? "" : " (" + sample.shape() + ")", sample.variant(),
        sample.rows(), sample.repeat(), sample.seconds(), sample.rowsPerSecond(),
        sample.jvmPeakRssBytes() == null ? "" : "JVM peak " + BenchReport.megabytes(sample.jvmPeakRssBytes()) + ", ",
        "PostgreSQL peak " + BenchReport.megabytes(sample.dbPeakPssBytes()), sample.outputRows()));
    console.flush();
    // Written after every sample: an interrupted benchmark keeps what it measured.
    writeResults(machine, settings);
  }

  private void writeResults(Map<String, String> machine, Map<String, String> settings) {
    try {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("command", commandLine());
      json.put("machine", machine);
      json.put("postgresSettings", settings);
      Map<String, Map<String, String>> shapes = new LinkedHashMap<>();
      incrementalInputs.forEach((shape, inputs) -> shapes.put(shape.id(), Map.of(
          "description", inputs.description(),
          "baseInput", inputs.base().getFileName().toString(),
          "newRowsInput", inputs.newRows().getFileName().toString())));
      if (!shapes.isEmpty()) {
        json.put("incrementalShapes", shapes);
      }
      json.put("samples", samples);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(out.resolve("results.json").toFile(), json);
      BenchReport report = new BenchReport(samples);
      Files.writeString(out.resolve("results.md"), markdown(report, machine, settings));
      List<RowsPerSecondPlot.Line> lines = report.plotLines();
      if (!lines.isEmpty()) {
        Files.writeString(out.resolve("rows-per-second.svg"), RowsPerSecondPlot.svg(
            "Rows per second by input size (median of " + repeats + " runs)", lines));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the results to " + out.toAbsolutePath(), e);
    }
  }

  private String markdown(BenchReport report, Map<String, String> machine, Map<String, String> settings) {
    StringBuilder md = new StringBuilder("# Benchmark results\n\n");
    md.append("Command: `").append(commandLine()).append("`\n\n");
    md.append("| machine | |\n|---|---|\n");
    machine.forEach((key, value) -> md.append("| ").append(key).append(" | ").append(value).append(" |\n"));
    md.append("\nEmbedded PostgreSQL settings: ");
    List<String> shown = new ArrayList<>();
    settings.forEach((key, value) -> shown.add("`" + key + "=" + value + "`"));
    md.append(String.join(", ", shown)).append(".\n\n");
    md.append("## Wall time, throughput and memory\n\n");
    md.append("Each run in a fresh database of one embedded PostgreSQL. Wall time: the product from starting"
        + " its JVM (`java -jar usage-intel.jar run ...`) to its exit; the baseline and COPY from connecting"
        + " to the last statement. Peak JVM RSS: the child JVM's VmHWM, read from /proc every 100 ms."
        + " Peak PostgreSQL: the largest sum of Pss (proportional set size, shared memory divided among the"
        + " processes sharing it) over the postmaster and all its children, sampled from"
        + " /proc/<pid>/smaps_rollup every 200 ms. Medians of the runs; every run is in results.json.\n\n");
    md.append(report.mainTable()).append('\n');
    md.append("![rows per second by input size](rows-per-second.svg)\n\n");
    String steps = report.baselineStepTable();
    if (!steps.isEmpty()) {
      md.append("## In-PostgreSQL baseline, seconds per step (median)\n\n").append(steps).append('\n');
    }
    String incrementalTable = report.incrementalTable();
    if (!incrementalTable.isEmpty()) {
      md.append("## Incremental load\n\nFor each shape, the base is loaded into a database; then the new rows are"
          + " loaded onto a copy of it and into an empty database. \"Already loaded\" counts the new rows whose"
          + " identity the base held.\n\n");
      incrementalInputs.forEach((shape, inputs) ->
          md.append("- **").append(shape.id()).append("**: ").append(inputs.description()).append(".\n"));
      md.append('\n').append(incrementalTable).append('\n');
    }
    return md.toString();
  }

  private String commandLine() {
    // The parse result of the top-level command line: its arguments start with "bench".
    return "java -jar usage-intel.jar " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
  }

  private List<IncrementalShape> parseShapes() {
    List<IncrementalShape> shapes = new ArrayList<>();
    for (String name : shapeNames) {
      try {
        IncrementalShape shape = IncrementalShape.valueOf(name.strip().toUpperCase(Locale.ROOT));
        if (!shapes.contains(shape)) {
          shapes.add(shape);
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(),
            "unknown shape '" + name + "' in --incrementalShapes; expected daily or spread");
      }
    }
    return shapes;
  }

  private List<Variant> parseVariants() {
    List<Variant> variants = new ArrayList<>();
    for (String name : variantNames) {
      try {
        Variant variant = Variant.valueOf(name.strip().toUpperCase(Locale.ROOT));
        if (!variants.contains(variant)) {
          variants.add(variant);
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(),
            "unknown variant '" + name + "' in --variants; expected direct, flink, postgres or copy");
      }
    }
    return variants;
  }

  private Path productJar() throws URISyntaxException {
    if (jar == null) {
      Path self = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!self.toString().endsWith(".jar")) {
        throw new UserFacingException("not running from the usage-intel jar: pass --jar=pipeline/target/usage-intel.jar");
      }
      jar = self;
    }
    if (!Files.isRegularFile(jar)) {
      throw new UserFacingException("--jar " + jar.toAbsolutePath() + " does not exist");
    }
    return jar.toAbsolutePath();
  }
}
