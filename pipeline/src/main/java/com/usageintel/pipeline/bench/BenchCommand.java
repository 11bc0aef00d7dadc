package com.usageintel.pipeline.bench;

import com.usageintel.pipeline.UserFacingException;
import java.io.PrintWriter;
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

  @Override
  public Integer call() throws Exception {
    List<Variant> variants = parseVariants();
    List<IncrementalShape> shapes = parseShapes();
    checkCounts();
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
    Map<IncrementalShape, IncrementalInputs> incrementalInputs = new LinkedHashMap<>();
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
      BenchResults results =
          new BenchResults(out, commandLine(), repeats, machine, settings, incrementalInputs, console);
      ProductRunner product = productJar == null ? null
          : new ProductRunner(server, productJar, childJvmArgs, flinkOptionsFile, out.resolve("logs"));
      InDatabaseRunner inDatabase = new InDatabaseRunner(server);
      for (long rows : rowCounts) {
        for (int repeat = 1; repeat <= repeats; repeat++) {
          // Variants take turns within a repeat, so drift on a shared machine spreads over all of them.
          for (Variant variant : variants) {
            results.record(variant.isProduct()
                ? product.inFreshDatabase(variant, rows, repeat, inputs.get(rows))
                : inDatabase.inFreshDatabase(variant, rows, repeat, inputs.get(rows)));
          }
        }
      }
      IncrementalRuns incrementalRuns =
          new IncrementalRuns(server, product, results, incrementalBaseRows, incrementalNewRows, repeats);
      for (Variant variant : variants) {
        if (variant.isProduct()) {
          for (Map.Entry<IncrementalShape, IncrementalInputs> shape : incrementalInputs.entrySet()) {
            incrementalRuns.run(variant, shape.getKey(), shape.getValue());
          }
        }
      }
      results.write();
      console.println("results: " + out.resolve("results.md").toAbsolutePath());
    }
    return 0;
  }

  private String commandLine() {
    // The parse result of the top-level command line: its arguments start with "bench".
    return "java -jar usage-intel.jar " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
  }

  private void checkCounts() {
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
