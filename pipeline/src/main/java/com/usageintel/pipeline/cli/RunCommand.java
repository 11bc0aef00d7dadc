package com.usageintel.pipeline.cli;

import com.usageintel.pipeline.UserFacingException;
import com.usageintel.pipeline.run.LoadRun;
import com.usageintel.pipeline.run.RunnerChoice;
import com.usageintel.pipeline.run.UsageIntelOptions;
import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code usage-intel run --input=...}: loads raw CSV files into the database. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Load raw usage CSV files: parse, clean, deduplicate, quarantine bad rows, publish.",
      "Example: run --input=data/connected_vehicle_usage_unclean.csv",
      "Options may come from a file: --optionsFile=run-configs/direct.properties"
    })
public final class RunCommand implements Callable<Integer> {
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

  /**
   * Beam's "Missing required value for [--input, "<its description>"]." and "Class interface
   * com.usageintel...UsageIntelOptions missing a property named 'x'." said shortly.
   */
  private static String describe(IllegalArgumentException e) {
    String message = UserFacingException.firstLine(e);
    Matcher missing = MISSING_REQUIRED.matcher(message);
    if (missing.find()) {
      return "missing required option " + missing.group(1) + "=...";
    }
    Matcher unknown = UNKNOWN_OPTION.matcher(message);
    if (unknown.find()) {
      Matcher suggestion = DID_YOU_MEAN.matcher(message);
      return "unknown option --" + unknown.group(1)
          + (suggestion.find() ? " (did you mean --" + suggestion.group(1) + "?)" : "");
    }
    return message;
  }

  private static final Pattern MISSING_REQUIRED = Pattern.compile("Missing required value for \\[(--\\w+)");
  private static final Pattern UNKNOWN_OPTION = Pattern.compile("missing a property named '([^']*)'");
  private static final Pattern DID_YOU_MEAN = Pattern.compile("Did you mean '([^']*)'\\?");
}
