package com.usageintel.pipeline.bench;

/**
 * The incremental scenario of a product variant on a shape: the base loaded once into a database of
 * its own, then for each repeat the new rows onto a copy of it and into an empty database.
 *
 * @param baseRows rows of each shape's base
 * @param newRows rows of each shape's new rows
 * @param repeats runs of the new rows, onto the base and into an empty database each
 */
record IncrementalRuns(BenchDatabaseServer server, ProductRunner product, BenchResults results, long baseRows,
    long newRows, int repeats) {
  void run(Variant variant, IncrementalShape shape, IncrementalInputs inputs) throws Exception {
    // Named apart from the main table's runs and from each other, so that each keeps its own log.
    String prefix = "bench_" + variant.id() + "_incremental_" + shape.id();
    String base = prefix + "_base";
    server.admin("drop database if exists " + base + " with (force)", "create database " + base);
    results.record(product.into(base, variant, Sample.INCREMENTAL_BASE, shape, baseRows, 1, inputs.base()));
    for (int repeat = 1; repeat <= repeats; repeat++) {
      // A copy of the loaded base for each repeat: the run changes the database it runs on.
      String onto = prefix + "_onto_" + repeat;
      server.admin("drop database if exists " + onto + " with (force)",
          "create database " + onto + " template " + base);
      results.record(product.into(onto, variant, Sample.INCREMENTAL_ONTO_BASE, shape, newRows, repeat,
          inputs.newRows()));
      server.admin("drop database " + onto + " with (force)");
      String empty = prefix + "_empty_" + repeat;
      server.admin("drop database if exists " + empty + " with (force)", "create database " + empty);
      results.record(product.into(empty, variant, Sample.INCREMENTAL_ON_EMPTY, shape, newRows, repeat,
          inputs.newRows()));
      server.admin("drop database " + empty + " with (force)");
    }
    server.admin("drop database if exists " + base + " with (force)");
  }
}
