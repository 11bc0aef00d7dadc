package com.usageintel.pipeline;

import com.usageintel.pipeline.run.LoadRun;
import com.usageintel.pipeline.run.UsageIntelOptions;
import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** One load of an input into a test database, as the run command does it, output discarded. */
public final class TestRuns {
  /**
   * The Direct runner's per-element coder and mutation checks off, as the run command has them:
   * for tests of what runs do, not of coders, where the checks cost most of the time.
   */
  public static final String[] AS_THE_COMMAND_RUNS = {
    "--enforceImmutability=false", "--enforceEncodability=false"
  };

  private TestRuns() {}

  public static RunSummary load(String jdbcUrl, Path input, String... moreArgs) {
    return load(jdbcUrl, input, new PrintWriter(Writer.nullWriter()), moreArgs);
  }

  /** The same, printing what the run command prints to {@code out}. */
  public static RunSummary load(String jdbcUrl, Path input, PrintWriter out, String... moreArgs) {
    List<String> args = new ArrayList<>(List.of("--input=" + input, "--jdbcUrl=" + jdbcUrl));
    args.addAll(List.of(moreArgs));
    UsageIntelOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
            .withValidation()
            .as(UsageIntelOptions.class);
    return LoadRun.execute(options, out);
  }
}
