package com.usageintel.pipeline.bench;

import com.usageintel.pipeline.generate.DayWindow;
import com.usageintel.pipeline.generate.UsageDataGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The bench's generated input files, in one directory, each made once: the generator is
 * deterministic, so a file left by an earlier run is the same, as long as its name holds everything
 * that chose its contents.
 */
final class BenchInputs {
  private final Path directory;
  private final long seed;
  private final PrintWriter console;

  /** Writes a generated file. */
  @FunctionalInterface
  private interface GeneratedFile {
    void writeTo(Path file) throws IOException;
  }

  /** Inputs in {@code directory}, from {@code seed}; says on {@code console} what it generates. */
  BenchInputs(Path directory, long seed, PrintWriter console) {
    this.directory = directory;
    this.seed = seed;
    this.console = console;
  }

  /** The input of {@code rows} rows, over the whole calendar. */
  Path wholeCalendar(long rows) throws IOException {
    return input(directory.resolve("usage-" + rows + "-seed" + seed + ".csv"),
        file -> new UsageDataGenerator().generate(rows, seed, file));
  }

  /** The base and new rows of a shape, the new rows from {@code newRowsSeed}. */
  IncrementalInputs incremental(IncrementalShape shape, long baseRows, long newRows, long newRowsSeed)
      throws IOException {
    switch (shape) {
      case SPREAD:
        Path spreadRows = input(directory.resolve("usage-spread-" + newRows + "-seed" + newRowsSeed
            + "-users-of-" + baseRows + "-seed" + seed + ".csv"),
            file -> new UsageDataGenerator().withFleetOf(baseRows, seed).generate(newRows, newRowsSeed, file));
        return new IncrementalInputs(wholeCalendar(baseRows), spreadRows,
            String.format(Locale.ROOT, "base: %,d rows of seed %d on the whole calendar (%s); new rows: %,d rows"
                + " of seed %d on the whole calendar, with the base's users", baseRows, seed,
                DayWindow.WHOLE_CALENDAR, newRows, newRowsSeed));
      case DAILY:
        DailyShape daily = DailyShape.of(baseRows, newRows);
        UsageDataGenerator generator = new UsageDataGenerator();
        Path base = input(directory.resolve("usage-" + baseRows + "-seed" + seed + "-"
            + daily.baseWindow().from() + "-to-" + daily.cutOff() + ".csv"),
            file -> daily.writeBase(generator, seed, file));
        Path dailyRows = input(directory.resolve("usage-daily-" + newRows + "-seed" + newRowsSeed + "-after-"
            + daily.cutOff() + "-users-of-" + baseRows + "-seed" + seed + ".csv"),
            file -> daily.writeNewRows(generator, seed, newRowsSeed, file));
        String description = String.format(Locale.ROOT, "base: %,d rows of seed %d on %s (%d days); new rows:"
            + " %,d rows of seed %d on %s (%d days), then %,d late events of seed %d on %s, the base's last %d days;"
            + " all with the base's users", baseRows, seed, daily.baseWindow(), daily.baseWindow().days(),
            newRows - daily.lateRows(), newRowsSeed, daily.newWindow(), daily.newWindow().days(),
            daily.lateRows(), newRowsSeed + DailyShape.LATE_SEED_OFFSET, daily.lateWindow(), DailyShape.LATE_DAYS);
        console.println("incremental, daily: " + description);
        return new IncrementalInputs(base, dailyRows, description);
      default:
        throw new IllegalArgumentException("no inputs for " + shape);
    }
  }

  /** {@code file}, generated unless it is there; written beside it first, so a file there is whole. */
  private Path input(Path file, GeneratedFile generated) throws IOException {
    if (!Files.isRegularFile(file)) {
      Files.createDirectories(file.getParent());
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      long started = System.nanoTime();
      generated.writeTo(partial);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      console.println(String.format(Locale.ROOT, "generated %s in %.1f s", file, (System.nanoTime() - started) / 1e9));
      console.flush();
    }
    return file;
  }
}
