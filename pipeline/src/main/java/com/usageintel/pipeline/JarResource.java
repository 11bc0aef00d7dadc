package com.usageintel.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A text file that ships inside the jar: SQL, the dashboard's template and scripts, reference data. */
public final class JarResource {
  private JarResource() {}

  /** The UTF-8 text at {@code path}, absolute on the classpath ({@code /sql/bi.sql}). */
  public static String text(String path) {
    try (InputStream in = JarResource.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
