package com.usageintel.pipeline.bench;

import java.nio.file.Path;

/**
 * The files of one incremental shape, and what they hold.
 *
 * @param base the rows loaded first
 * @param newRows the rows loaded onto the base, and into an empty database
 * @param description the shape's rows, days and seeds, for results.md and results.json
 */
record IncrementalInputs(Path base, Path newRows, String description) {}
