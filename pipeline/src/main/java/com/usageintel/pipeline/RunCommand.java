package com.usageintel.pipeline;

import com.usageintel.pipeline.RunLedger.RunSummary;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code usage-intel run --input=...}: loads raw CSV files into the database. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Load raw usage CSV files: parse, clean, deduplicate, quarantine bad rows, publish.",
      "Example: run --input=data/connected_vehicle_usage_unclean.csv",
      "Options may come from a file: --optionsFile=run-configs/direct.properties"
    })
final class RunCommand implements Callable<Integer> {
  @CommandLine.Unmatched List<String> pipelineArgs = new java.util.ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * The Direct runner re-encodes every element to catch coder and mutation bugs; that is for
   * tests (which keep it), and it makes loads several times slower. Its scheduler re-submits
   * itself to the worker pool without pause (apache/beam#18070), so whenever a worker thread is
   * free it spins there; with Beam's default of at least three threads, two cores carried the
   * scheduler, two workers and PostgreSQL. One thread per core: 1M rows in 60-65 s instead of
   * 71 s (BENCHMARKS.md).
   */
  private static final List<String> LOAD_DEFAULTS =
      List.of(
          "--enforceImmutability=false",
          "--enforceEncodability=false",
          "--targetParallelism=" + Runtime.getRuntime().availableProcessors());

  @Override
  public Integer call() {
    StringBuilder runnerChoice = new StringBuilder();
    List<String> args = RunnerChoice.withRunner(
        OptionsFile.withDefaults(LOAD_DEFAULTS, OptionsFile.expand(pipelineArgs)), runnerChoice);
    UsageIntelOptions options;
    try {
      options =
          PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
              .withValidation()
              .as(UsageIntelOptions.class);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(describe(e) + " (see: run --help)", e);
    }
    if (runnerChoice.length() > 0) {
      spec.commandLine().getOut().println(runnerChoice);
    }
    RunSummary summary = LoadRun.execute(options, spec.commandLine().getOut());
    spec.commandLine().getOut().println(summary.describe());
    return 0;
  }

  /** Beam's "Missing required value for [--input, "<its description>"]." said shortly. */
  private static String describe(IllegalArgumentException e) {
    Matcher missing = MISSING_REQUIRED.matcher(UserFacingException.firstLine(e));
    return missing.find() ? "missing required option " + missing.group(1) + "=..." : UserFacingException.firstLine(e);
  }

  private static final Pattern MISSING_REQUIRED = Pattern.compile("Missing required value for \\[(--\\w+)");
}
