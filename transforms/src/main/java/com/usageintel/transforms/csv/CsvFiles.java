package com.usageintel.transforms.csv;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** How an input file's bytes are read: gzip is known by the {@code .gz} extension alone. */
public final class CsvFiles {
  private static final int BUFFER_BYTES = 1 << 16;

  private CsvFiles() {}

  /**
   * The file's bytes, gunzipped if its name ends in {@code .gz}. A truncated or corrupt gzip file
   * fails with an IOException that names it ({@code fileName}: pass the whole path), without a
   * cause, so that a one-line message shows this text rather than the inflater's; the inflater's
   * error is kept as a suppressed exception for stack traces.
   */
  public static InputStream decompressed(InputStream raw, String fileName) throws IOException {
    if (fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".gz")) {
      try {
        return new NamedGzipStream(new GZIPInputStream(raw, BUFFER_BYTES), fileName);
      } catch (IOException e) {
        throw corrupt(fileName, e);
      }
    }
    return new BufferedInputStream(raw, BUFFER_BYTES);
  }

  private static IOException corrupt(String fileName, IOException e) {
    IOException named = new IOException(
        fileName + ": the gzip data is truncated or corrupt (" + e.getMessage() + ")");
    named.addSuppressed(e);
    return named;
  }

  private static final class NamedGzipStream extends FilterInputStream {
    private final String fileName;

    NamedGzipStream(InputStream gunzipped, String fileName) {
      super(gunzipped);
      this.fileName = fileName;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw corrupt(fileName, e);
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        return super.read(buffer, offset, length);
      } catch (IOException e) {
        throw corrupt(fileName, e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return super.skip(n);
      } catch (IOException e) {
        throw corrupt(fileName, e);
      }
    }
  }
}
