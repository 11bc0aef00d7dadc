package com.usageintel.pipeline.generate;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** One value as the pipeline should read it and the messy ways people also write it, kept as CSV-ready bytes. */
final class Spelling {
  private final byte[] canonical;
  private final byte[][] variants;

  Spelling(String canonical, String... variants) {
    this.canonical = csvField(canonical);
    this.variants = new byte[variants.length][];
    for (int i = 0; i < variants.length; i++) {
      this.variants[i] = csvField(variants[i]);
    }
  }

  byte[] canonical() {
    return canonical;
  }

  byte[] variant(SplittableRandom random) {
    return variants[random.nextInt(variants.length)];
  }

  /** RFC 4180: quote only a value that needs it, doubling its quotes. */
  static byte[] csvField(String value) {
    boolean needsQuotes =
        value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    String field = needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
    return field.getBytes(StandardCharsets.UTF_8);
  }
}
