package com.usageintel.pipeline.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The runner of a run whose command line names none: the Direct runner for small inputs, where it
 * is the fastest, and Flink inside this JVM from {@link #FLINK_FROM_BYTES} on, since the Direct
 * runner holds every step's output in memory while Flink spills and streams (BENCHMARKS.md: 3M
 * rows took 6.6 GB on Direct, 10M rows 2.6 GB on Flink). Says which, and why, in the run's first
 * line.
 */
public final class RunnerChoice {
  /** About 2.9 million generated rows (a million are 87 MB). */
  static final long FLINK_FROM_BYTES = 256L << 20;

  /** How much larger a gzipped CSV is once read: generated files compress about five times. */
  private static final int GZIP_RATIO = 5;

  private RunnerChoice() {}

  /** The arguments, with a runner added when they name none; {@code said} gets the reason. */
  public static List<String> withRunner(List<String> args, StringBuilder said) {
    if (args.stream().anyMatch(arg -> arg.startsWith("--runner=") || arg.equals("--runner"))) {
      return args;
    }
    long bytes = inputBytes(args);
    List<String> chosen = new ArrayList<>(args);
    if (bytes >= FLINK_FROM_BYTES) {
      int cores = Runtime.getRuntime().availableProcessors();
      chosen.addAll(List.of("--runner=FlinkRunner", "--flinkMaster=[local]",
          "--parallelism=" + cores, "--streaming=false"));
      said.append(String.format(Locale.ROOT, "runner: Flink in this JVM on %d cores (the input is"
          + " %s: the Direct runner would hold every step's output in memory); --runner=DirectRunner"
          + " to choose it", cores, size(bytes)));
    } else {
      chosen.add("--runner=DirectRunner");
      said.append(String.format(Locale.ROOT, "runner: Direct (the input is %s; from %s on a run uses"
          + " Flink in this JVM); --runner=FlinkRunner to choose", size(bytes), size(FLINK_FROM_BYTES)));
    }
    return chosen;
  }

  /** The raw bytes of the inputs named by --input (0 where they cannot be listed: the run says why). */
  private static long inputBytes(List<String> args) {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    long bytes = 0;
    for (String arg : args) {
      if (!arg.startsWith("--input=")) {
        continue;
      }
      for (String pattern : arg.substring("--input=".length()).split(",")) {
        try {
          for (MatchResult.Metadata file :
              FileSystems.match(pattern.strip(), EmptyMatchTreatment.ALLOW).metadata()) {
            bytes += file.resourceId().getFilename() != null
                    && file.resourceId().getFilename().endsWith(".gz")
                ? GZIP_RATIO * file.sizeBytes()
                : file.sizeBytes();
          }
        } catch (IOException | IllegalArgumentException e) {
          // LoadRun checks every input and says what is wrong with it.
        }
      }
    }
    return bytes;
  }

  private static String size(long bytes) {
    return bytes >= 1L << 30
        ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%.0f MB", bytes / (double) (1L << 20));
  }
}
