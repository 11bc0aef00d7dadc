package com.usageintel.pipeline.generate;

import java.util.SplittableRandom;

/**
 * Writes one chunk of rows. A chunk depends only on the fleet, the seed, the day window and its
 * index, so chunks can be made in any order, on any number of threads, and still concatenate to the
 * same file.
 */
final class ChunkGenerator {
  static final int ROWS_PER_CHUNK = 1 << 16;

  /** A previous row repeated verbatim, as the original file has. */
  private static final double EXACT_DUPLICATE = 0.016;
  private static final double NEAR_DUPLICATE = 0.004;
  /** Most exact duplicates repeat one of the last few rows: a double submit or a retried upload. */
  private static final double NEARBY_DUPLICATE = 0.8;
  private static final int NEARBY_ROWS = 8;
  private static final int RECENT_EVENTS = 32;
  private static final int TYPICAL_ROW_BYTES = 110;

  private final long seed;
  private final EventSampler sampler;
  private final MessyRowWriter writer;

  ChunkGenerator(long seed, Fleet fleet, DayWindow window) {
    UsageCalendar calendar = new UsageCalendar();
    this.seed = seed;
    this.sampler = new EventSampler(fleet, calendar, window);
    this.writer = new MessyRowWriter(fleet, calendar);
  }

  RowBuffer generate(long chunkIndex, int rows) {
    SplittableRandom random = new SplittableRandom(chunkSeed(chunkIndex));
    RowBuffer out = new RowBuffer(rows * TYPICAL_ROW_BYTES);
    int[] rowStarts = new int[rows];
    SampledEvent[] recent = new SampledEvent[RECENT_EVENTS];
    for (int i = 0; i < RECENT_EVENTS; i++) {
      recent[i] = new SampledEvent();
    }
    SampledEvent nearDuplicate = new SampledEvent();
    int freshEvents = 0;

    for (int row = 0; row < rows; row++) {
      rowStarts[row] = out.length();
      double draw = random.nextDouble();
      if (row > 0 && draw < EXACT_DUPLICATE) {
        int source = duplicateSource(row, random);
        out.appendCopyOf(rowStarts[source], rowStarts[source + 1]);
      } else if (freshEvents > 0 && draw < EXACT_DUPLICATE + NEAR_DUPLICATE) {
        nearDuplicate.copyFrom(recent[random.nextInt(Math.min(freshEvents, RECENT_EVENTS))]);
        writer.writeNearDuplicate(nearDuplicate, random, out);
      } else {
        SampledEvent event = recent[freshEvents++ % RECENT_EVENTS];
        sampler.sample(random, event);
        writer.write(event, random, out);
      }
    }
    return out;
  }

  private static int duplicateSource(int row, SplittableRandom random) {
    return random.nextDouble() < NEARBY_DUPLICATE
        ? row - 1 - random.nextInt(Math.min(row, NEARBY_ROWS))
        : random.nextInt(row);
  }

  /** Streams for neighbouring chunks (and for the fleet, seeded with the plain seed) must look unrelated. */
  private long chunkSeed(long chunkIndex) {
    return mix64(mix64(seed ^ 0x5DEECE66DL) + chunkIndex);
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser, the mixer SplittableRandom itself uses. */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
