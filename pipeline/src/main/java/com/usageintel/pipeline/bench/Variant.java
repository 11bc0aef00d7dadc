package com.usageintel.pipeline.bench;

import java.util.Locale;

/** What the benchmark times, named as on the command line. */
public enum Variant {
  /** The product on Beam's Direct runner, as a child JVM. */
  DIRECT("product, Direct runner"),
  /** The product on Flink local (parallelism 2), as a child JVM. */
  FLINK("product, Flink local"),
  /** COPY plus set-based SQL inside PostgreSQL (sql/baseline/). */
  POSTGRES("in-PostgreSQL baseline"),
  /** COPY of the raw lines alone: the floor. */
  COPY("COPY alone");

  final String description;

  Variant(String description) {
    this.description = description;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  boolean isProduct() {
    return this == DIRECT || this == FLINK;
  }
}
