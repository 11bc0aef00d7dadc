package com.usageintel.pipeline.generate;

import java.util.SplittableRandom;

/** Draws an index with probability proportional to its weight. */
final class WeightedChoice {
  private final double[] cumulative;

  WeightedChoice(double... weights) {
    cumulative = new double[weights.length];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      total += weights[i];
      cumulative[i] = total;
    }
  }

  int pick(SplittableRandom random) {
    return pickBetween(random, 0, cumulative.length - 1);
  }

  /**
   * Draws among the indexes from {@code first} to {@code last}, both included, keeping their
   * relative weights; one draw of {@code random} whatever the range.
   */
  int pickBetween(SplittableRandom random, int first, int last) {
    double below = first == 0 ? 0 : cumulative[first - 1];
    double point = below + random.nextDouble() * (cumulative[last] - below);
    int low = first;
    int high = last;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (cumulative[middle] > point) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }
}
