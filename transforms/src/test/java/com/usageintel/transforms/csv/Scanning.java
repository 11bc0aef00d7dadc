package com.usageintel.transforms.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers that scan whole inputs, also through a stream that splits every read. */
final class Scanning {
  static final int LARGE_LIMIT = 1 << 20;

  private Scanning() {}

  static List<CsvRecord> scan(String text) {
    return scan(text.getBytes(StandardCharsets.UTF_8), LARGE_LIMIT);
  }

  /**
   * Scans the input twice, whole and one byte per read, and checks both agree: a CRLF, a doubled
   * quote or a byte-order mark split across reads must not change the records.
   */
  static List<CsvRecord> scan(byte[] input, int maxRecordBytes) {
    List<CsvRecord> records = scan(new ByteArrayInputStream(input), maxRecordBytes);
    assertEquals(
        records, scan(new ChunkedInputStream(input, 1), maxRecordBytes), "one byte per read");
    return records;
  }

  static List<CsvRecord> scan(InputStream in, int maxRecordBytes) {
    List<CsvRecord> records = new ArrayList<>();
    try (CsvRecordScanner scanner = new CsvRecordScanner(in, maxRecordBytes)) {
      for (CsvRecord record = scanner.next(); record != null; record = scanner.next()) {
        records.add(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }

  /** Serves a byte array at most {@code chunkBytes} per read, as network and gzip streams may. */
  static final class ChunkedInputStream extends InputStream {
    private final byte[] bytes;
    private final int chunkBytes;
    private int position;

    ChunkedInputStream(byte[] bytes, int chunkBytes) {
      this.bytes = bytes;
      this.chunkBytes = chunkBytes;
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (position == bytes.length) {
        return -1;
      }
      int count = Math.min(Math.min(length, chunkBytes), bytes.length - position);
      System.arraycopy(bytes, position, target, offset, count);
      position += count;
      return count;
    }
  }
}
