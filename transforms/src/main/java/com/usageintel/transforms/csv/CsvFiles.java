package com.usageintel.transforms.csv;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** How an input file's bytes are read: gzip is known by the {@code .gz} extension alone. */
public final class CsvFiles {
  private static final int BUFFER_BYTES = 1 << 16;

  private CsvFiles() {}

  public static InputStream decompressed(InputStream raw, String fileName) throws IOException {
    if (fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".gz")) {
      return new GZIPInputStream(raw, BUFFER_BYTES);
    }
    return new BufferedInputStream(raw, BUFFER_BYTES);
  }
}
