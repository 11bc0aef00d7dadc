package com.usageintel.transforms.csv;

import com.usageintel.schemas.IssueCode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Splits a byte stream into RFC 4180 records as contract sections 1 and 7 read them, keeping each
 * record's exact bytes and the physical line where it starts.
 *
 * <p>It frames bytes, not characters: quote, comma, CR and LF are ASCII and never part of a
 * multi-byte UTF-8 sequence, so a record that is not valid UTF-8 is still framed exactly, kept byte
 * for byte and marked malformed without disturbing its neighbours.
 *
 * <p>Memory stays bounded by {@code maxRecordBytes} (a header's own limit while reading one) plus
 * one read buffer: the bytes of a longer record are scanned to find where it ends (quotes
 * included) but not kept.
 */
public final class CsvRecordScanner implements Closeable {
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final int INITIAL_RECORD_BYTES = 1024;
  private static final byte QUOTE = '"';
  private static final byte COMMA = ',';
  private static final byte CR = '\r';
  private static final byte LF = '\n';

  // Where the scan is inside a record.
  private static final int FIELD_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;

  /** Just after a quote inside a quoted field: a closing quote, or the first of a doubled one. */
  private static final int AFTER_QUOTE = 3;

  private final InputStream in;
  private final int maxRecordBytes;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int position;
  private int limit;
  private boolean endOfInput;
  private boolean atStartOfInput = true;

  /** The previous line end was a CR, so an LF right after it belongs to the same line end. */
  private boolean lfAfterCrPending;

  /** The physical line of the next unread byte. */
  private long line = 1;

  private byte[] record;
  private int currentMaxBytes;
  private int keptBytes;
  private long recordBytes;

  public CsvRecordScanner(InputStream in, int maxRecordBytes) {
    if (maxRecordBytes <= 0) {
      throw new IllegalArgumentException("maxRecordBytes must be positive, was " + maxRecordBytes);
    }
    this.in = in;
    this.maxRecordBytes = maxRecordBytes;
    this.record = new byte[Math.min(INITIAL_RECORD_BYTES, maxRecordBytes)];
  }

  /** The next record, or null at the end of the input. Blank lines are skipped. */
  public @Nullable CsvRecord next() throws IOException {
    return nextWithin(maxRecordBytes);
  }

  /**
   * The next record under a limit of its own: a header may be longer than the records the
   * scanner was made for.
   */
  public @Nullable CsvRecord nextWithin(int maxBytes) throws IOException {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    }
    currentMaxBytes = maxBytes;
    if (atStartOfInput) {
      atStartOfInput = false;
      skipByteOrderMark();
    }
    if (!skipBlankLines()) {
      return null;
    }
    long startLine = line;
    keptBytes = 0;
    recordBytes = 0;
    boolean textAfterClosingQuote = false;
    // Only read inside quotes, where it tells a CRLF from a CR and an LF; the quote that ends a
    // quoted field resets it.
    boolean previousWasCr = false;
    int state = FIELD_START;

    scan:
    while (true) {
      if (position == limit && !fill()) {
        break;
      }
      byte[] buf = buffer;
      int end = limit;
      int i = position;
      while (i < end) {
        byte b = buf[i];
        if (state == QUOTED) {
          if (b == QUOTE) {
            state = AFTER_QUOTE;
          } else if (b == CR || (b == LF && !previousWasCr)) {
            line++;
          }
          previousWasCr = b == CR;
        } else if (b == LF || b == CR) {
          keep(buf, position, i - position);
          position = i + 1;
          line++;
          lfAfterCrPending = b == CR;
          break scan;
        } else if (b == COMMA) {
          state = FIELD_START;
        } else if (state == FIELD_START) {
          state = b == QUOTE ? QUOTED : UNQUOTED;
        } else if (state == AFTER_QUOTE) {
          if (b == QUOTE) {
            state = QUOTED;
          } else {
            // The rest of the field is read as plain text, so its end is still found.
            textAfterClosingQuote = true;
            state = UNQUOTED;
          }
        }
        i++;
      }
      keep(buf, position, end - position);
      position = end;
    }

    byte[] rawBytes = Arrays.copyOf(record, keptBytes);
    if (recordBytes > maxBytes) {
      return CsvRecord.withProblem(startLine, rawBytes, IssueCode.RECORD_TOO_LARGE);
    }
    // A quote never closed runs to the end of the input.
    boolean unclosedQuote = state == QUOTED;
    if (textAfterClosingQuote || unclosedQuote || !isUtf8WithoutNul(rawBytes)) {
      return CsvRecord.withProblem(startLine, rawBytes, IssueCode.MALFORMED_RECORD);
    }
    return CsvRecord.withFields(startLine, rawBytes, splitFields(rawBytes));
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private void skipByteOrderMark() throws IOException {
    while (limit < 3 && !endOfInput) {
      int read = in.read(buffer, limit, buffer.length - limit);
      if (read < 0) {
        endOfInput = true;
      } else {
        limit += read;
      }
    }
    if (limit >= 3
        && buffer[0] == (byte) 0xEF
        && buffer[1] == (byte) 0xBB
        && buffer[2] == (byte) 0xBF) {
      position = 3;
    }
  }

  /** Consumes line ends where a record would start; false at the end of the input. */
  private boolean skipBlankLines() throws IOException {
    while (position < limit || fill()) {
      byte b = buffer[position];
      if (b == LF) {
        if (!lfAfterCrPending) {
          line++;
        }
        lfAfterCrPending = false;
      } else if (b == CR) {
        line++;
        lfAfterCrPending = true;
      } else {
        lfAfterCrPending = false;
        return true;
      }
      position++;
    }
    return false;
  }

  private void keep(byte[] bytes, int from, int length) {
    recordBytes += length;
    int kept = Math.min(length, currentMaxBytes - keptBytes);
    if (kept <= 0) {
      return;
    }
    if (keptBytes + kept > record.length) {
      int grown = (int) Math.min((long) record.length * 2, currentMaxBytes);
      record = Arrays.copyOf(record, Math.max(grown, keptBytes + kept));
    }
    System.arraycopy(bytes, from, record, keptBytes, kept);
    keptBytes += kept;
  }

  /** Refills the exhausted buffer; false at the end of the input. */
  private boolean fill() throws IOException {
    if (endOfInput) {
      return false;
    }
    int read;
    do {
      read = in.read(buffer, 0, buffer.length);
    } while (read == 0);
    if (read < 0) {
      endOfInput = true;
      return false;
    }
    position = 0;
    limit = read;
    return true;
  }

  /** The unescaped fields of a record already known to be well formed. */
  private static List<String> splitFields(byte[] raw) {
    List<String> fields = new ArrayList<>();
    int length = raw.length;
    int i = 0;
    while (true) {
      if (i < length && raw[i] == QUOTE) {
        i = addQuotedField(raw, i + 1, fields);
      } else {
        int comma = i;
        while (comma < length && raw[comma] != COMMA) {
          comma++;
        }
        fields.add(new String(raw, i, comma - i, StandardCharsets.UTF_8));
        i = comma;
      }
      if (i == length) {
        return Collections.unmodifiableList(fields);
      }
      i++;
    }
  }

  /**
   * Adds the field whose content starts at {@code from}; returns the index after its closing quote.
   */
  private static int addQuotedField(byte[] raw, int from, List<String> fields) {
    int doubledQuotes = 0;
    int i = from;
    while (true) {
      if (raw[i] == QUOTE) {
        if (i + 1 < raw.length && raw[i + 1] == QUOTE) {
          doubledQuotes++;
          i += 2;
          continue;
        }
        break;
      }
      i++;
    }
    if (doubledQuotes == 0) {
      fields.add(new String(raw, from, i - from, StandardCharsets.UTF_8));
    } else {
      byte[] value = new byte[i - from - doubledQuotes];
      int v = 0;
      for (int j = from; j < i; j++) {
        value[v++] = raw[j];
        if (raw[j] == QUOTE) {
          j++;
        }
      }
      fields.add(new String(value, StandardCharsets.UTF_8));
    }
    return i + 1;
  }

  /**
   * Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), and no NUL,
   * which the contract also treats as malformed.
   */
  static boolean isUtf8WithoutNul(byte[] bytes) {
    int length = bytes.length;
    int i = 0;
    while (i < length) {
      int b = bytes[i];
      if (b > 0) {
        i++;
        continue;
      }
      if (b == 0) {
        return false;
      }
      b &= 0xFF;
      // The range of the second byte narrows for E0, ED, F0 and F4 to exclude overlong forms,
      // surrogates and code points above U+10FFFF.
      int continuationBytes;
      int secondMin = 0x80;
      int secondMax = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        continuationBytes = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        continuationBytes = 2;
        if (b == 0xE0) {
          secondMin = 0xA0;
        } else if (b == 0xED) {
          secondMax = 0x9F;
        }
      } else if (b >= 0xF0 && b <= 0xF4) {
        continuationBytes = 3;
        if (b == 0xF0) {
          secondMin = 0x90;
        } else if (b == 0xF4) {
          secondMax = 0x8F;
        }
      } else {
        return false;
      }
      if (i + continuationBytes >= length) {
        return false;
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < secondMin || second > secondMax) {
        return false;
      }
      for (int k = 2; k <= continuationBytes; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return false;
        }
      }
      i += continuationBytes + 1;
    }
    return true;
  }
}
