package com.usageintel.transforms.csv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The scanner against Apache Commons CSV as an independent oracle, and the promise that no input
 * byte is ever lost: each is a record's raw byte, part of a line end, or a skipped byte-order mark.
 */
class CsvRecordScannerPropertiesTest {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** What Commons CSV skips after a closing quote: Character.isWhitespace. */
  private static final Pattern WHITESPACE_BUT_LINE_ENDS =
      Pattern.compile("(?![\\r\\n])\\p{javaWhitespace}");

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

  private static Arbitrary<String> lineEndStyles() {
    return Arbitraries.of("\n", "\r\n", "\r");
  }

  @Provide
  Arbitrary<List<Row>> tables() {
    return rows().list().ofMaxSize(8);
  }

  private Arbitrary<Row> rows() {
    Arbitrary<String> value =
        Arbitraries.of(
                "a", "b", "Z", "42", " ", ",", "\"", "\r", "\n", "\r\n", "é", "Š", "€", "😀",
                "\u00A0")
            .list()
            .ofMaxSize(6)
            .map(tokens -> String.join("", tokens));
    Arbitrary<Field> field =
        Combinators.combine(value, Arbitraries.of(false, false, true)).as(Field::new);
    return Combinators.combine(
            field.list().ofMinSize(1).ofMaxSize(5),
            lineEndStyles().list().ofMaxSize(2),
            lineEndStyles())
        .as(Row::new);
  }

  @Property(tries = 500)
  void fieldsMatchCommonsCsvAndRawBytesRebuildTheInput(
      @ForAll("tables") List<Row> rows, @ForAll boolean finalLineEnd, @ForAll boolean withBom) {
    WrittenTable table = WrittenTable.of(rows, finalLineEnd);
    byte[] text = table.text().getBytes(UTF_8);

    List<CsvRecord> records =
        Scanning.scan(withBom ? concat(BOM, text) : text, Scanning.LARGE_LIMIT);

    List<List<String>> oracle = commonsCsv(table.text());
    assertEquals(oracle.size(), records.size(), "record count of " + table.text());
    for (int i = 0; i < records.size(); i++) {
      CsvRecord record = records.get(i);
      assertNull(record.problem(), record.toString());
      assertEquals(oracle.get(i), record.fields());
      assertEquals(table.rows().get(i), record.fields());
      assertArrayEquals(table.raws().get(i).getBytes(UTF_8), record.rawBytes());
      int start = table.starts().get(i);
      assertEquals(1 + lineEnds(table.text().substring(0, start)), record.lineNumber());
    }
  }

  @Provide
  Arbitrary<byte[]> csvLikeBytes() {
    Arbitrary<byte[]> piece =
        Arbitraries.frequencyOf(
            Tuple.of(6, bytes('a', ' ')),
            Tuple.of(3, bytes('"')),
            Tuple.of(3, bytes(',')),
            Tuple.of(3, bytes('\r', '\n')),
            Tuple.of(1, bytes(0, '\t', 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xFF)),
            Tuple.of(1, Arbitraries.bytes().map(b -> new byte[] {b})),
            // Valid UTF-8 at the edges of each range, the invalid forms just beyond them, and the
            // byte-order mark.
            Tuple.of(
                2,
                Arbitraries.of(
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
                    hex("EF BB BF"))));
    return Combinators.combine(Arbitraries.of(false, false, true), piece.list().ofMaxSize(80))
        .as(
            (withBom, pieces) -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              if (withBom) {
                out.writeBytes(BOM);
              }
              pieces.forEach(out::writeBytes);
              return out.toByteArray();
            });
  }

  @Property(tries = 1000)
  void everyInputByteIsInARecordOrALineEnd(@ForAll("csvLikeBytes") byte[] input) {
    List<CsvRecord> records = Scanning.scan(input, Scanning.LARGE_LIMIT);

    int contentStart = startsWithBom(input) ? BOM.length : 0;
    int p = contentStart;
    for (CsvRecord record : records) {
      while (p < input.length && isLineEnd(input[p])) {
        p++;
      }
      byte[] raw = record.rawBytes();
      assertTrue(raw.length > 0, "a record is never empty");
      assertArrayEquals(raw, Arrays.copyOfRange(input, p, Math.min(input.length, p + raw.length)));
      assertEquals(1 + lineEnds(input, contentStart, p), record.lineNumber(), record.toString());
      p += raw.length;
      assertTrue(p == input.length || isLineEnd(input[p]), "a record ends at a line end");
    }
    for (; p < input.length; p++) {
      assertTrue(isLineEnd(input[p]), "only line ends follow the last record");
    }
  }

  /**
   * A record is well formed exactly when a strict UTF-8 decoder accepts its bytes, they hold no
   * NUL, and Commons CSV reads its text as one record; then both agree on the fields. Commons CSV
   * alone skips whitespace after a closing quote, which the contract calls text after a closing
   * quote, so it judges well-formedness on the text with that whitespace made visible.
   */
  @Property(tries = 1000)
  void wellFormedRecordsAreThoseCommonsCsvAndStrictUtf8Accept(
      @ForAll("csvLikeBytes") byte[] input) {
    for (CsvRecord record : Scanning.scan(input, Scanning.LARGE_LIMIT)) {
      String text = record.rawText();
      boolean wellFormed =
          strictUtf8WithoutNul(record.rawBytes())
              && commonsCsvReadsOneRecord(WHITESPACE_BUT_LINE_ENDS.matcher(text).replaceAll("_"));
      if (wellFormed) {
        assertEquals(commonsCsv(text), List.of(record.fields()), record.toString());
      } else {
        assertEquals(IssueCode.MALFORMED_RECORD, record.problem(), record.toString());
      }
    }
  }

  @Property(tries = 500)
  void aSmallLimitTruncatesRecordsWithoutMovingTheirBoundaries(
      @ForAll("csvLikeBytes") byte[] input, @ForAll @IntRange(min = 1, max = 12) int limit) {
    List<CsvRecord> whole = Scanning.scan(input, Scanning.LARGE_LIMIT);
    List<CsvRecord> limited = Scanning.scan(input, limit);

    assertEquals(whole.size(), limited.size());
    for (int i = 0; i < whole.size(); i++) {
      byte[] raw = whole.get(i).rawBytes();
      CsvRecord record = limited.get(i);
      if (raw.length > limit) {
        assertEquals(IssueCode.RECORD_TOO_LARGE, record.problem());
        assertEquals(whole.get(i).lineNumber(), record.lineNumber());
        assertArrayEquals(Arrays.copyOf(raw, limit), record.rawBytes());
      } else {
        assertEquals(whole.get(i), record);
      }
    }
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

  private static Arbitrary<byte[]> bytes(int... values) {
    return Arbitraries.of(Arrays.stream(values).boxed().collect(Collectors.toList()))
        .map(b -> new byte[] {(byte) (int) b});
  }

  private static byte[] hex(String hex) {
    return HexFormat.ofDelimiter(" ").parseHex(hex);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(first);
    out.writeBytes(second);
    return out.toByteArray();
  }
}
