package com.usageintel.pipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The peak memory of a process while it runs, read from Linux's /proc by a background thread: a
 * process's own high-water mark of resident memory (VmHWM), or, for a PostgreSQL server whose
 * memory is shared between the postmaster and its backends, the sum of their proportional set
 * sizes (Pss, shared pages divided among the processes sharing them) at the sample with the
 * largest sum.
 */
public final class PeakMemory implements AutoCloseable {
  private final AtomicLong peakBytes = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  private PeakMemory(String name, LongSupplier sample, long intervalMillis) {
    sampler = new Thread(() -> {
      while (running) {
        peakBytes.accumulateAndGet(sample.getAsLong(), Math::max);
        try {
          Thread.sleep(intervalMillis);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, name);
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Samples VmHWM of {@code pid} every 100 ms; the last sample before exit holds the peak. */
  public static PeakMemory ofProcess(long pid) {
    return new PeakMemory("peak-rss-" + pid, () -> statusField(pid, "VmHWM").orElse(0), 100);
  }

  /** Samples the Pss sum of {@code pid} and its descendants every 200 ms. */
  public static PeakMemory ofProcessTree(long pid) {
    return new PeakMemory("peak-pss-" + pid, () -> treePss(pid), 200);
  }

  /** The peak so far, in bytes (0 if nothing could be read). */
  public long peakBytes() {
    return peakBytes.get();
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A "Name:   1234 kB" line of /proc/pid/status or smaps_rollup, in bytes. */
  static OptionalLong kilobytesField(List<String> lines, String name) {
    for (String line : lines) {
      if (line.startsWith(name + ":")) {
        String value = line.substring(name.length() + 1).strip();
        int space = value.indexOf(' ');
        return OptionalLong.of(Long.parseLong(space < 0 ? value : value.substring(0, space)) * 1024);
      }
    }
    return OptionalLong.empty();
  }

  private static OptionalLong statusField(long pid, String name) {
    return kilobytesField(readLines(Path.of("/proc", Long.toString(pid), "status")), name);
  }

  private static long treePss(long pid) {
    List<Long> pids = ProcessHandle.of(pid)
        .map(root -> Stream.concat(Stream.of(root), root.descendants())
            .map(ProcessHandle::pid).collect(Collectors.toList()))
        .orElse(List.of());
    long sum = 0;
    for (long each : pids) {
      sum += kilobytesField(readLines(Path.of("/proc", Long.toString(each), "smaps_rollup")), "Pss")
          .orElse(0);
    }
    return sum;
  }

  /** The lines of a /proc file, none if the process has gone. */
  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }
}
