package com.usageintel.transforms.csv;

import static com.usageintel.transforms.csv.Scanning.scan;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.schemas.IssueCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvRecordScannerTest {

  private static void assertFields(CsvRecord record, long line, String raw, String... fields) {
    assertEquals(line, record.lineNumber(), "line of " + record);
    assertEquals(raw, record.rawText());
    assertNull(record.problem(), "problem of " + record);
    assertEquals(List.of(fields), record.fields());
  }

  private static void assertProblem(CsvRecord record, long line, IssueCode problem) {
    assertEquals(line, record.lineNumber(), "line of " + record);
    assertEquals(problem, record.problem(), "problem of " + record);
    assertNull(record.fields());
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void quotedCommasAreData() {
    List<CsvRecord> records = scan("a,\"b,c\",d\n");

    assertEquals(1, records.size());
    assertFields(records.get(0), 1, "a,\"b,c\",d", "a", "b,c", "d");
  }

  @Test
  void doubledQuotesAreOneQuote() {
    List<CsvRecord> records = scan("\"say \"\"hi\"\"\",x\n\"\"\"\"\n\"\"\n");

    assertFields(records.get(0), 1, "\"say \"\"hi\"\"\",x", "say \"hi\"", "x");
    assertFields(records.get(1), 2, "\"\"\"\"", "\"");
    assertFields(records.get(2), 3, "\"\"", "");
  }

  @Test
  void emptyFieldsAreKept() {
    List<CsvRecord> records = scan(",,\na,\n,\"\"\n");

    assertFields(records.get(0), 1, ",,", "", "", "");
    assertFields(records.get(1), 2, "a,", "a", "");
    assertFields(records.get(2), 3, ",\"\"", "", "");
  }

  @Test
  void lfCrlfAndLoneCrEachEndALine() {
    List<CsvRecord> records = scan("h\nlf\r\ncrlf\rcr\nlast");

    assertFields(records.get(0), 1, "h", "h");
    assertFields(records.get(1), 2, "lf", "lf");
    assertFields(records.get(2), 3, "crlf", "crlf");
    assertFields(records.get(3), 4, "cr", "cr");
    assertFields(records.get(4), 5, "last", "last");
  }

  @Test
  void lfInsideQuotesIsDataAndCountsAsALine() {
    List<CsvRecord> records = scan("h\n\"a\nb\nc\",d\nnext\n");

    assertFields(records.get(1), 2, "\"a\nb\nc\",d", "a\nb\nc", "d");
    // Line 2 holds the record's first line; its two quoted line breaks push "next" to line 5.
    assertFields(records.get(2), 5, "next", "next");
  }

  @Test
  void crlfInsideQuotesIsDataAndCountsAsOneLine() {
    List<CsvRecord> records = scan("h\r\n\"a\r\nb\r\nc\",d\r\nnext\r\n");

    assertFields(records.get(1), 2, "\"a\r\nb\r\nc\",d", "a\r\nb\r\nc", "d");
    assertFields(records.get(2), 5, "next", "next");
  }

  @Test
  void loneCrInsideQuotesIsDataAndCountsAsALine() {
    List<CsvRecord> records = scan("h\r\"a\rb\"\rnext");

    assertFields(records.get(1), 2, "\"a\rb\"", "a\rb");
    assertFields(records.get(2), 4, "next", "next");
  }

  @Test
  void mixedLineBreaksInsideQuotesAreCountedOneByOne() {
    // Inside the quotes: CRLF, CRLF, LF, CR, and a CR just before the closing quote: five breaks.
    List<CsvRecord> records = scan("\"\r\n\r\n\n\rx\r\"\nnext");

    assertFields(records.get(0), 1, "\"\r\n\r\n\n\rx\r\"", "\r\n\r\n\n\rx\r");
    assertFields(records.get(1), 7, "next", "next");
  }

  @Test
  void byteOrderMarkAtTheStartIsSkipped() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    List<CsvRecord> records = scan(concat(bom, "h,i\nx\n".getBytes(UTF_8)), Scanning.LARGE_LIMIT);

    assertArrayEquals("h,i".getBytes(UTF_8), records.get(0).rawBytes());
    assertFields(records.get(0), 1, "h,i", "h", "i");
    assertFields(records.get(1), 2, "x", "x");
  }

  @Test
  void byteOrderMarkElsewhereIsData() {
    List<CsvRecord> records = scan("h\n\uFEFFx\n");

    assertFields(records.get(1), 2, "\uFEFFx", "\uFEFFx");
  }

  @Test
  void blankLinesAreSkippedButTheirLinesCounted() {
    List<CsvRecord> records = scan("\n\r\nh\n\n\r\n\r\rx\n\n");

    assertEquals(2, records.size());
    assertFields(records.get(0), 3, "h", "h");
    // After h (line 3): blank lines 4 (LF), 5 (CRLF), 6 (CR), 7 (CR); x is on line 8.
    assertFields(records.get(1), 8, "x", "x");
  }

  @Test
  void aLineOfSpacesIsARecord() {
    List<CsvRecord> records = scan("h\n  \nx");

    assertFields(records.get(1), 2, "  ", "  ");
    assertFields(records.get(2), 3, "x", "x");
  }

  @Test
  void theLastRecordNeedsNoLineEnd() {
    List<CsvRecord> records = scan("h\nlast,\"quoted\"");

    assertEquals(2, records.size());
    assertFields(records.get(1), 2, "last,\"quoted\"", "last", "quoted");
  }

  @Test
  void aFinalLoneCrEndsTheLastRecord() {
    List<CsvRecord> records = scan("h\rlast\r");

    assertEquals(2, records.size());
    assertFields(records.get(1), 2, "last", "last");
  }

  @Test
  void aQuoteInsideAnUnquotedFieldIsKept() {
    List<CsvRecord> records = scan("Audi 5\" e-tron,a\"b\"c, \"x\"\n");

    assertFields(
        records.get(0),
        1,
        "Audi 5\" e-tron,a\"b\"c, \"x\"",
        "Audi 5\" e-tron",
        "a\"b\"c",
        " \"x\"");
  }

  @Test
  void textAfterAClosingQuoteIsMalformedAndTheNextRecordIsIntact() {
    List<CsvRecord> records = scan("h\n\"abc\"def,x\nnext,1\n");

    assertEquals(3, records.size());
    assertProblem(records.get(1), 2, IssueCode.MALFORMED_RECORD);
    assertEquals("\"abc\"def,x", records.get(1).rawText());
    assertFields(records.get(2), 3, "next,1", "next", "1");
  }

  @Test
  void afterTextAfterAClosingQuoteTheFollowingFieldsAreStillQuoted() {
    List<CsvRecord> records = scan("\"abc\" ,\"x\ny\"\nnext\n");

    assertEquals(2, records.size());
    assertProblem(records.get(0), 1, IssueCode.MALFORMED_RECORD);
    assertEquals("\"abc\" ,\"x\ny\"", records.get(0).rawText());
    assertFields(records.get(1), 3, "next", "next");
  }

  @Test
  void spacesAfterAClosingQuoteAreTextAfterIt() {
    List<CsvRecord> records = scan("\"UK\" ,x\n");

    assertProblem(records.get(0), 1, IssueCode.MALFORMED_RECORD);
  }

  @Test
  void anUnclosedQuoteRunsToTheEndOfTheInput() {
    List<CsvRecord> records = scan("h\n\"abc,def\nghi\r\njkl\n");

    assertEquals(2, records.size());
    assertProblem(records.get(1), 2, IssueCode.MALFORMED_RECORD);
    assertEquals("\"abc,def\nghi\r\njkl\n", records.get(1).rawText());
  }

  @Test
  void aDoubledQuoteAtTheEndDoesNotCloseTheField() {
    List<CsvRecord> records = scan("\"a\"\"\n");

    assertEquals(1, records.size());
    assertProblem(records.get(0), 1, IssueCode.MALFORMED_RECORD);
  }

  /** Hex of a record's bytes, each invalid UTF-8 in its own way. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "61 80 62", // a stray continuation byte
        "C0 AF", // overlong '/' in two bytes
        "C1 BF", // overlong in two bytes
        "E0 80 AF", // overlong '/' in three bytes
        "F0 80 80 AF", // overlong '/' in four bytes
        "ED A0 80", // a high surrogate, U+D800
        "ED BF BF", // a low surrogate, U+DFFF
        "F4 90 80 80", // U+110000, above the last code point
        "F5 80 80 80", // a lead byte that never occurs
        "FF", // never occurs
        "61 E2 82", // truncated at the end of the record
        "E2 82 2C 41", // truncated by a comma
        "22 E2 22", // truncated inside quotes
        "F0 9F 98", // a four-byte sequence missing its last byte
      })
  void invalidUtf8IsMalformed(String hex) {
    byte[] record = HexFormat.ofDelimiter(" ").parseHex(hex);
    byte[] input = concat("h\n".getBytes(UTF_8), record, "\nnext\n".getBytes(UTF_8));

    List<CsvRecord> records = scan(input, Scanning.LARGE_LIMIT);

    assertEquals(3, records.size());
    assertProblem(records.get(1), 2, IssueCode.MALFORMED_RECORD);
    assertArrayEquals(record, records.get(1).rawBytes());
    assertTrue(records.get(1).rawText().contains("\uFFFD"), records.get(1).rawText());
    assertFields(records.get(2), 3, "next", "next");
  }

  @Test
  void validUtf8OfEveryLengthIsAccepted() {
    // 2, 3 and 4 bytes, the edges of each range, U+FFFF and U+10FFFF.
    String text = "é€😀\u0080\u07FF\u0800\uFFFF\uDBFF\uDFFF,Škoda";
    List<CsvRecord> records = scan(text + "\n");

    assertFields(records.get(0), 1, text, "é€😀\u0080\u07FF\u0800\uFFFF\uDBFF\uDFFF", "Škoda");
  }

  @Test
  void aNulByteIsMalformed() {
    List<CsvRecord> records = scan("h\na\u0000b,c\n\"x\u0000\"\nnext\n");

    assertProblem(records.get(1), 2, IssueCode.MALFORMED_RECORD);
    assertArrayEquals(new byte[] {'a', 0, 'b', ',', 'c'}, records.get(1).rawBytes());
    assertProblem(records.get(2), 3, IssueCode.MALFORMED_RECORD);
    assertFields(records.get(3), 4, "next", "next");
  }

  @Test
  void anOversizedRecordKeepsOnlyItsFirstBytesAndTheNextRecordIsIntact() {
    String big = "x".repeat(40) + ",\"quoted\nline\"," + "y".repeat(40);
    List<CsvRecord> records = scan(("h\n" + big + "\nnext,1\n").getBytes(UTF_8), 16);

    assertEquals(3, records.size());
    assertProblem(records.get(1), 2, IssueCode.RECORD_TOO_LARGE);
    assertArrayEquals(Arrays.copyOf(big.getBytes(UTF_8), 16), records.get(1).rawBytes());
    assertFields(records.get(2), 4, "next,1", "next", "1");
  }

  @Test
  void aRecordOfExactlyTheLimitIsNotTooLarge() {
    List<CsvRecord> records = scan("12345678\n123456789\n".getBytes(UTF_8), 8);

    assertFields(records.get(0), 1, "12345678", "12345678");
    assertProblem(records.get(1), 2, IssueCode.RECORD_TOO_LARGE);
    assertEquals("12345678", records.get(1).rawText());
  }

  @Test
  void tooLargeWinsOverMalformed() {
    List<CsvRecord> records = scan("\"never closed\nand long".getBytes(UTF_8), 8);

    assertEquals(1, records.size());
    assertProblem(records.get(0), 1, IssueCode.RECORD_TOO_LARGE);
  }

  @Test
  void aLineLongerThanAnyArrayIsScannedInBoundedMemory() throws IOException {
    // No Java array holds 2^31 bytes: the record cannot have been held whole, whatever the heap.
    long lineBytes = (1L << 31) + 1;
    InputStream in = new RepeatedLineInputStream(lineBytes, "\nnext,1\n".getBytes(UTF_8));
    int limit = 1 << 20;

    List<CsvRecord> records = Scanning.scan(in, limit);

    assertEquals(2, records.size());
    assertProblem(records.get(0), 1, IssueCode.RECORD_TOO_LARGE);
    assertEquals(limit, records.get(0).rawBytes().length);
    assertFields(records.get(1), 2, "next,1", "next", "1");
  }

  @Test
  void emptyInputHasNoRecords() throws IOException {
    try (CsvRecordScanner scanner =
        new CsvRecordScanner(new ByteArrayInputStream(new byte[0]), 8)) {
      assertNull(scanner.next());
      assertNull(scanner.next());
    }
  }

  @Test
  void byteOrderMarkOrBlankLinesAloneHaveNoRecords() {
    assertEquals(List.of(), scan("\uFEFF"));
    assertEquals(List.of(), scan("\uFEFF\r\n\n\r"));
  }

  @Test
  void rawBytesCannotBeChangedFromOutside() {
    CsvRecord record = scan("abc").get(0);

    record.rawBytes()[0] = 'z';

    assertEquals("abc", record.rawText());
  }

  @Test
  void closeClosesTheStream() throws IOException {
    boolean[] closed = {false};
    InputStream in =
        new ByteArrayInputStream(new byte[0]) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };

    new CsvRecordScanner(in, 8).close();

    assertTrue(closed[0]);
  }

  @Test
  void theLimitMustBePositive() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new CsvRecordScanner(new ByteArrayInputStream(new byte[0]), 0));
  }

  /** One long line of 'x' then a tail, generated on the fly so the test itself stays small. */
  private static final class RepeatedLineInputStream extends InputStream {
    private final byte[] tail;
    private long remainingLineBytes;
    private int tailPosition;

    RepeatedLineInputStream(long lineBytes, byte[] tail) {
      this.remainingLineBytes = lineBytes;
      this.tail = tail;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
      if (remainingLineBytes > 0) {
        int count = (int) Math.min(length, remainingLineBytes);
        Arrays.fill(target, offset, offset + count, (byte) 'x');
        remainingLineBytes -= count;
        return count;
      }
      if (tailPosition == tail.length) {
        return -1;
      }
      int count = Math.min(length, tail.length - tailPosition);
      System.arraycopy(tail, tailPosition, target, offset, count);
      tailPosition += count;
      return count;
    }
  }
}
