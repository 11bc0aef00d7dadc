package com.usageintel.pipeline.generate;

import com.usageintel.schemas.RawColumns;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes a raw usage-events CSV like the original connected-vehicle file, which is not public:
 * realistic users, cars, features, app releases and daily rhythms, dirtied the way the original
 * is. The same row count, seed and day window always give the same bytes, whatever the thread
 * count; without a window, the events fall anywhere in the calendar's four months.
 *
 * <p>The users (ids and attributes) depend only on the row count and seed, not on the window: by
 * default each file's own, or another file's with {@link #withFleetOf}, so that files of different
 * days or sizes can hold the same users.
 */
public final class UsageDataGenerator {
  public static final String HEADER = String.join(",", RawColumns.REQUIRED);

  /** Enough chunks in flight to keep every thread busy while the oldest one is written. */
  private static final int CHUNKS_IN_FLIGHT_PER_THREAD = 2;
  private static final int GZIP_BUFFER_BYTES = 1 << 16;

  private final int threads;
  /** The row count and seed whose users the files get; null: each file's own. */
  private final @Nullable FleetOf fleetOf;

  /** The users of a file of {@code rows} rows generated with {@code seed}. */
  private record FleetOf(long rows, long seed) {}

  public UsageDataGenerator() {
    this(Runtime.getRuntime().availableProcessors());
  }

  public UsageDataGenerator(int threads) {
    this(threads, null);
  }

  private UsageDataGenerator(int threads, @Nullable FleetOf fleetOf) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
    this.fleetOf = fleetOf;
  }

  /**
   * A generator whose files hold the users of a {@code rows}-row file of {@code seed} (same ids,
   * same attributes), whatever their own row count and seed, which then choose only the events.
   */
  public UsageDataGenerator withFleetOf(long rows, long seed) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be 0 or more, got " + rows);
    }
    return new UsageDataGenerator(threads, new FleetOf(rows, seed));
  }

  /** Writes the CSV to {@code output}, gzip-compressed when its name ends in {@code .gz}, creating its directory. */
  public void generate(long rows, long seed, Path output) throws IOException {
    generate(rows, seed, DayWindow.WHOLE_CALENDAR, output);
  }

  /** As {@link #generate(long, long, Path)}, every event on a day of {@code window}. */
  public void generate(long rows, long seed, DayWindow window, Path output) throws IOException {
    Path directory = output.toAbsolutePath().getParent();
    if (directory != null) {
      Files.createDirectories(directory);
    }
    try (OutputStream file = Files.newOutputStream(output);
        OutputStream out =
            output.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(file, GZIP_BUFFER_BYTES) : file) {
      generate(rows, seed, window, out);
    }
  }

  /** Writes the header and {@code rows} data rows, duplicates included; does not close {@code out}. */
  public void generate(long rows, long seed, OutputStream out) throws IOException {
    generate(rows, seed, DayWindow.WHOLE_CALENDAR, out);
  }

  /** As {@link #generate(long, long, OutputStream)}, every event on a day of {@code window}. */
  public void generate(long rows, long seed, DayWindow window, OutputStream out) throws IOException {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be 0 or more, got " + rows);
    }
    Fleet fleet = fleetOf == null
        ? new Fleet(Fleet.userCountFor(rows), seed)
        : new Fleet(Fleet.userCountFor(fleetOf.rows()), fleetOf.seed());
    // Before the header: a window nobody has joined by is refused without writing anything.
    ChunkGenerator chunks = new ChunkGenerator(seed, fleet, window);
    out.write((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
    long chunkCount = (rows + ChunkGenerator.ROWS_PER_CHUNK - 1) / ChunkGenerator.ROWS_PER_CHUNK;
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "usage-data-generator");
              thread.setDaemon(true);
              return thread;
            });
    try {
      Deque<Future<RowBuffer>> pending = new ArrayDeque<>();
      long submitted = 0;
      for (long written = 0; written < chunkCount; written++) {
        while (submitted < chunkCount && pending.size() < threads * CHUNKS_IN_FLIGHT_PER_THREAD) {
          long chunkIndex = submitted++;
          long rowsBefore = chunkIndex * ChunkGenerator.ROWS_PER_CHUNK;
          int chunkRows = (int) Math.min(ChunkGenerator.ROWS_PER_CHUNK, rows - rowsBefore);
          pending.addLast(pool.submit(() -> chunks.generate(chunkIndex, chunkRows)));
        }
        await(pending.removeFirst()).writeTo(out);
      }
      out.flush();
    } finally {
      pool.shutdownNow();
    }
  }

  private static RowBuffer await(Future<RowBuffer> chunk) throws IOException {
    try {
      return chunk.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while generating usage data");
    } catch (ExecutionException e) {
      throw new IllegalStateException("generating a chunk of usage data failed", e.getCause());
    }
  }
}
