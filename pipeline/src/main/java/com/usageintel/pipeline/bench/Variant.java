package com.usageintel.pipeline.bench;

import java.util.Locale;

/** What the benchmark times, named as on the command line. */
public enum Variant {
  /** The product on Beam's Direct runner, as a child JVM. */
  DIRECT("product, Direct runner", "#1f77b4"),
  /** The product on Flink local (parallelism 2), as a child JVM. */
  FLINK("product, Flink local", "#d62728"),
  /** COPY plus set-based SQL inside PostgreSQL (sql/baseline/). */
  POSTGRES("in-PostgreSQL baseline", "#2ca02c"),
  /** COPY of the raw lines alone: the floor. */
  COPY("COPY alone", "#7f7f7f");

  final String description;
  /** The variant's colour in the plot. */
  final String colour;

  Variant(String description, String colour) {
    this.description = description;
    this.colour = colour;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  boolean isProduct() {
    return this == DIRECT || this == FLINK;
  }
}
