package com.usageintel.transforms.csv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.schemas.IssueCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scanner against Apache Commons CSV as an independent oracle, and the promise that no input
 * byte is ever lost: each is a record's raw byte, part of a line end, or a skipped byte-order mark.
 *
 * <p>Each property runs once per fixed seed, drawing its input from {@code new
 * SplittableRandom(seed)}, so a failure is replayed by running that seed again. The seed is in the
 * test's display name, and the seed and the input are in every assertion message.
 */
class CsvRecordScannerPropertiesTest {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** What Commons CSV skips after a closing quote: Character.isWhitespace. */
  private static final Pattern WHITESPACE_BUT_LINE_ENDS =
      Pattern.compile("(?![\\r\\n])\\p{javaWhitespace}");

  private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

  private static final List<String> VALUE_TOKENS =
      List.of(
          "a", "b", "Z", "42", " ", ",", "\"", "\r", "\n", "\r\n", "é", "Š", "€", "😀", "\u00A0");

  private static final List<String> LINE_ENDS = List.of("\n", "\r\n", "\r");

  /**
   * Valid UTF-8 at the edges of each range, the invalid forms just beyond them, and the byte-order
   * mark.
   */
  private static final List<byte[]> UTF8_EDGES =
      List.of(
          hex("C3 A9"),
          hex("E2 82 AC"),
          hex("F0 9F 98 80"),
          hex("C2 80"),
          hex("DF BF"),
          hex("E0 A0 80"),
          hex("ED 9F BF"),
          hex("EE 80 80"),
          hex("F4 8F BF BF"),
          hex("C1 BF"),
          hex("E0 9F BF"),
          hex("ED A0 80"),
          hex("F0 8F BF BF"),
          hex("F4 90 80 80"),
          hex("F5 80 80 80"),
          hex("E2 82"),
          hex("EF BB BF"));

  /** A piece of CSV-like input and how often it is drawn, relative to the other pieces. */
  private record Piece(int weight, Function<SplittableRandom, byte[]> draw) {}

  private static final List<Piece> PIECES =
      List.of(
          new Piece(6, random -> oneByteOf(random, 'a', ' ')),
          new Piece(3, random -> new byte[] {'"'}),
          new Piece(3, random -> new byte[] {','}),
          new Piece(3, random -> oneByteOf(random, '\r', '\n')),
          new Piece(
              1,
              random ->
                  oneByteOf(random, 0, '\t', 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xFF)),
          new Piece(1, random -> new byte[] {anyByte(random)}),
          new Piece(2, random -> oneOf(random, UTF8_EDGES)));

  private static final int TOTAL_PIECE_WEIGHT = PIECES.stream().mapToInt(Piece::weight).sum();

  record Field(String value, boolean quotedAnyway) {}

  record Row(List<Field> fields, List<String> blankLinesBefore, String lineEnd) {}

  /** A table written as RFC 4180 text: the text, and each row's raw text and offset in it. */
  record WrittenTable(
      String text, List<List<String>> rows, List<String> raws, List<Integer> starts) {
    static WrittenTable of(List<Row> rows, boolean finalLineEnd) {
      StringBuilder text = new StringBuilder();
      List<List<String>> values = new ArrayList<>();
      List<String> raws = new ArrayList<>();
      List<Integer> starts = new ArrayList<>();
      for (int r = 0; r < rows.size(); r++) {
        Row row = rows.get(r);
        row.blankLinesBefore().forEach(text::append);
        boolean loneEmptyField = row.fields().size() == 1 && row.fields().get(0).value().isEmpty();
        String raw =
            row.fields().stream()
                .map(
                    f ->
                        f.quotedAnyway() || loneEmptyField ? quoted(f.value()) : written(f.value()))
                .collect(Collectors.joining(","));
        starts.add(text.length());
        raws.add(raw);
        values.add(row.fields().stream().map(Field::value).collect(Collectors.toList()));
        text.append(raw);
        if (r < rows.size() - 1 || finalLineEnd) {
          text.append(row.lineEnd());
        }
      }
      return new WrittenTable(text.toString(), values, raws, starts);
    }

    private static String written(String value) {
      boolean special = value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
      return special ? quoted(value) : value;
    }

    private static String quoted(String value) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
  }

  /** One try's seed and its input in a form that can be pasted back into a test. */
  private record Try(long seed, String input) {
    Supplier<String> message(String what) {
      return () -> what + " [seed " + seed + ", input " + input + "]";
    }
  }

  static LongStream fiveHundredSeeds() {
    return LongStream.range(0, 500);
  }

  static LongStream aThousandSeeds() {
    return LongStream.range(0, 1000);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("fiveHundredSeeds")
  void fieldsMatchCommonsCsvAndRawBytesRebuildTheInput(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> rows = table(random);
    boolean finalLineEnd = random.nextBoolean();
    boolean withBom = random.nextBoolean();
    WrittenTable table = WrittenTable.of(rows, finalLineEnd);
    byte[] text = table.text().getBytes(UTF_8);
    Try given = new Try(seed, (withBom ? "BOM + " : "") + javaLiteral(table.text()));

    List<CsvRecord> records = scan(withBom ? concat(BOM, text) : text, Scanning.LARGE_LIMIT, given);

    List<List<String>> oracle = commonsCsv(table.text());
    assertEquals(oracle.size(), records.size(), given.message("record count"));
    for (int i = 0; i < records.size(); i++) {
      CsvRecord record = records.get(i);
      String which = "record " + i + " " + record;
      assertNull(record.problem(), given.message(which));
      assertEquals(oracle.get(i), record.fields(), given.message(which + " against Commons CSV"));
      assertEquals(
          table.rows().get(i), record.fields(), given.message(which + " against the table"));
      assertArrayEquals(
          table.raws().get(i).getBytes(UTF_8), record.rawBytes(), given.message(which + " raw"));
      int start = table.starts().get(i);
      assertEquals(
          1 + lineEnds(table.text().substring(0, start)),
          record.lineNumber(),
          given.message(which + " line"));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("aThousandSeeds")
  void everyInputByteIsInARecordOrALineEnd(long seed) {
    byte[] input = csvLikeBytes(new SplittableRandom(seed));
    Try given = new Try(seed, HEX.formatHex(input));

    List<CsvRecord> records = scan(input, Scanning.LARGE_LIMIT, given);

    int contentStart = startsWithBom(input) ? BOM.length : 0;
    int p = contentStart;
    for (CsvRecord record : records) {
      while (p < input.length && isLineEnd(input[p])) {
        p++;
      }
      byte[] raw = record.rawBytes();
      assertTrue(raw.length > 0, given.message("a record is never empty: " + record));
      assertArrayEquals(
          raw,
          Arrays.copyOfRange(input, p, Math.min(input.length, p + raw.length)),
          given.message("raw bytes of " + record + " at offset " + p));
      assertEquals(
          1 + lineEnds(input, contentStart, p),
          record.lineNumber(),
          given.message("line of " + record));
      p += raw.length;
      assertTrue(
          p == input.length || isLineEnd(input[p]),
          given.message("a record ends at a line end: " + record));
    }
    for (; p < input.length; p++) {
      assertTrue(
          isLineEnd(input[p]),
          given.message("only line ends follow the last record, not offset " + p));
    }
  }

  /**
   * A record is well formed exactly when a strict UTF-8 decoder accepts its bytes, they hold no
   * NUL, and Commons CSV reads its text as one record; then both agree on the fields. Commons CSV
   * alone skips whitespace after a closing quote, which the contract calls text after a closing
   * quote, so it judges well-formedness on the text with that whitespace made visible.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("aThousandSeeds")
  void wellFormedRecordsAreThoseCommonsCsvAndStrictUtf8Accept(long seed) {
    byte[] input = csvLikeBytes(new SplittableRandom(seed));
    Try given = new Try(seed, HEX.formatHex(input));

    for (CsvRecord record : scan(input, Scanning.LARGE_LIMIT, given)) {
      String text = record.rawText();
      boolean wellFormed =
          strictUtf8WithoutNul(record.rawBytes())
              && commonsCsvReadsOneRecord(WHITESPACE_BUT_LINE_ENDS.matcher(text).replaceAll("_"));
      if (wellFormed) {
        assertNull(record.problem(), given.message("well formed: " + record));
        assertEquals(
            commonsCsv(text),
            List.of(record.fields()),
            given.message("fields against Commons CSV: " + record));
      } else {
        assertEquals(
            IssueCode.MALFORMED_RECORD, record.problem(), given.message("malformed: " + record));
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("fiveHundredSeeds")
  void aSmallLimitTruncatesRecordsWithoutMovingTheirBoundaries(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] input = csvLikeBytes(random);
    int limit = random.nextInt(1, 13);
    Try given = new Try(seed, HEX.formatHex(input) + " with limit " + limit);

    List<CsvRecord> whole = scan(input, Scanning.LARGE_LIMIT, given);
    List<CsvRecord> limited = scan(input, limit, given);

    assertEquals(whole.size(), limited.size(), given.message("record count"));
    for (int i = 0; i < whole.size(); i++) {
      byte[] raw = whole.get(i).rawBytes();
      CsvRecord record = limited.get(i);
      String which = "record " + i + " " + record + ", whole " + whole.get(i);
      if (raw.length > limit) {
        assertEquals(IssueCode.RECORD_TOO_LARGE, record.problem(), given.message(which));
        assertEquals(whole.get(i).lineNumber(), record.lineNumber(), given.message(which));
        assertArrayEquals(Arrays.copyOf(raw, limit), record.rawBytes(), given.message(which));
      } else {
        assertEquals(whole.get(i), record, given.message(which));
      }
    }
  }

  private static List<Row> table(SplittableRandom random) {
    return listOf(random, 0, 8, () -> row(random));
  }

  private static Row row(SplittableRandom random) {
    return new Row(
        listOf(random, 1, 5, () -> field(random)),
        listOf(random, 0, 2, () -> oneOf(random, LINE_ENDS)),
        oneOf(random, LINE_ENDS));
  }

  private static Field field(SplittableRandom random) {
    String value = String.join("", listOf(random, 0, 6, () -> oneOf(random, VALUE_TOKENS)));
    // A third quoted whether or not they need it, as writers that quote every field do.
    return new Field(value, random.nextInt(3) == 0);
  }

  private static byte[] csvLikeBytes(SplittableRandom random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (random.nextInt(3) == 0) {
      out.writeBytes(BOM);
    }
    for (int i = pieceCount(random); i > 0; i--) {
      out.writeBytes(piece(random));
    }
    return out.toByteArray();
  }

  /** Mostly up to 32 pieces; one input in nine longer, up to 80; one in a hundred exactly 80. */
  private static int pieceCount(SplittableRandom random) {
    if (random.nextDouble() < 0.01) {
      return 80;
    }
    if (random.nextDouble() < 0.11) {
      return random.nextInt(33, 81);
    }
    return random.nextInt(0, 33);
  }

  private static byte[] piece(SplittableRandom random) {
    int roll = random.nextInt(TOTAL_PIECE_WEIGHT);
    int i = 0;
    while (roll >= PIECES.get(i).weight()) {
      roll -= PIECES.get(i).weight();
      i++;
    }
    return PIECES.get(i).draw().apply(random);
  }

  /**
   * Any byte, half the draws within 42 of zero as a signed byte (0x00..0x29, 0xD6..0xFF), so NUL,
   * CR, LF, the quote and lead bytes come up more often than they would uniformly.
   */
  private static byte anyByte(SplittableRandom random) {
    int[] bounds = {-128, -42, -14, 0, 14, 42, 128};
    int range = random.nextInt(bounds.length - 1);
    return (byte) random.nextInt(bounds[range], bounds[range + 1]);
  }

  private static byte[] oneByteOf(SplittableRandom random, int... values) {
    return new byte[] {(byte) values[random.nextInt(values.length)]};
  }

  private static <T> T oneOf(SplittableRandom random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static <T> List<T> listOf(
      SplittableRandom random, int minSize, int maxSize, Supplier<T> element) {
    int size = random.nextInt(minSize, maxSize + 1);
    List<T> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(element.get());
    }
    return list;
  }

  /** Scans as {@link Scanning#scan(byte[], int)} does, naming the try if that throws or fails. */
  private static List<CsvRecord> scan(byte[] input, int maxRecordBytes, Try given) {
    return assertDoesNotThrow(
        () -> Scanning.scan(input, maxRecordBytes), given.message("scanning"));
  }

  private static boolean commonsCsvReadsOneRecord(String text) {
    try {
      return commonsCsv(text).size() == 1;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  private static boolean strictUtf8WithoutNul(byte[] bytes) {
    try {
      UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      return false;
    }
    for (byte b : bytes) {
      if (b == 0) {
        return false;
      }
    }
    return true;
  }

  private static List<List<String>> commonsCsv(String text) {
    try (CSVParser parser = CSVParser.parse(text, CSVFormat.DEFAULT)) {
      return parser.getRecords().stream().map(CSVRecord::toList).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Line ends in the text: CR, LF and CRLF each count once. */
  private static int lineEnds(String text) {
    byte[] bytes = text.getBytes(UTF_8);
    return lineEnds(bytes, 0, bytes.length);
  }

  private static int lineEnds(byte[] bytes, int from, int to) {
    int count = 0;
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\r' || (bytes[i] == '\n' && (i == from || bytes[i - 1] != '\r'))) {
        count++;
      }
    }
    return count;
  }

  private static boolean isLineEnd(byte b) {
    return b == '\r' || b == '\n';
  }

  private static boolean startsWithBom(byte[] input) {
    return input.length >= BOM.length && Arrays.equals(input, 0, BOM.length, BOM, 0, BOM.length);
  }

  /** The text as a Java string literal, with line ends and every non-ASCII char escaped. */
  private static String javaLiteral(String text) {
    StringBuilder literal = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> literal.append("\\\"");
        case '\\' -> literal.append("\\\\");
        case '\r' -> literal.append("\\r");
        case '\n' -> literal.append("\\n");
        default -> {
          if (c >= 0x20 && c < 0x7F) {
            literal.append(c);
          } else {
            literal.append(String.format("\\u%04X", (int) c));
          }
        }
      }
    }
    return literal.append('"').toString();
  }

  private static byte[] hex(String hex) {
    return HEX.parseHex(hex);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(first);
    out.writeBytes(second);
    return out.toByteArray();
  }
}
