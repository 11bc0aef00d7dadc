package com.usageintel.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * StarSchemaTest's fixture loaded once per test JVM, for the BI tests that read it: one pipeline
 * run instead of one per class. They change nothing a reader would see (the role test adds a role
 * and grants, and drops the one view it creates).
 */
final class StarSchemaDatabase {
  private static String jdbcUrl;

  private StarSchemaDatabase() {}

  static synchronized String jdbcUrl() {
    if (jdbcUrl == null) {
      try {
        Path input = Files.createTempFile("star-schema-fixture", ".csv");
        try {
          Files.writeString(input, StarSchemaTest.FIXTURE, StandardCharsets.UTF_8);
          String fresh = TestDatabase.freshDatabase();
          TestRuns.load(fresh, input);
          jdbcUrl = fresh;
        } finally {
          Files.delete(input);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return jdbcUrl;
  }
}
