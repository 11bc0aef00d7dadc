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
    return pickAtOrAfter(random, 0);
  }

  /** Draws among the indexes from {@code first} on, keeping their relative weights. */
  int pickAtOrAfter(SplittableRandom random, int first) {
    double below = first == 0 ? 0 : cumulative[first - 1];
    double point = below + random.nextDouble() * (cumulative[cumulative.length - 1] - below);
    int low = first;
    int high = cumulative.length - 1;
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
