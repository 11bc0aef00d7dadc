package com.usageintel.transforms.csv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.RawColumns;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvHeaderTest {
  private static final String FILE = "data/x.csv";

  private static List<String> requiredWithout(String... left) {
    List<String> columns = new ArrayList<>(RawColumns.REQUIRED);
    columns.removeAll(List.of(left));
    return columns;
  }

  private static CsvHeader read(String content) throws IOException {
    return CsvHeader.read(new ByteArrayInputStream(content.getBytes(UTF_8)), FILE);
  }

  @Test
  void theOriginalHeaderMapsEachColumnToItsPosition() {
    CsvHeader header = CsvHeader.of(RawColumns.REQUIRED, FILE);

    assertEquals(11, header.fieldCount());
    for (int i = 0; i < RawColumns.REQUIRED.size(); i++) {
      assertEquals(i, header.indexOf(RawColumns.REQUIRED.get(i)));
    }
  }

  @Test
  void columnOrderIsFreeAndExtraColumnsAreCountedButIgnored() {
    List<String> names = new ArrayList<>(RawColumns.REQUIRED);
    Collections.reverse(names);
    names.add(3, "comment");
    names.add("");

    CsvHeader header = CsvHeader.of(names, FILE);

    assertEquals(13, header.fieldCount());
    assertEquals(0, header.indexOf(RawColumns.FEATURE_USED_AT));
    assertEquals(4, header.indexOf(RawColumns.APP_VERSION));
    assertEquals(5, header.indexOf(RawColumns.FEEDBACK_RATING));
    assertEquals(11, header.indexOf(RawColumns.USER_ID));
  }

  @Test
  void namesAreMatchedAfterTrimmingAndLowerCasing() {
    List<String> names = requiredWithout("user_id", "region", "os_type", "app_version");
    names.add(" User_ID\u00A0");
    names.add("\tREGION \r\n");
    names.add("\u2007Os_Type\u202F");
    names.add("\u3000APP_version");

    CsvHeader header = CsvHeader.of(names, FILE);

    assertEquals(7, header.indexOf(RawColumns.USER_ID));
    assertEquals(8, header.indexOf(RawColumns.REGION));
    assertEquals(9, header.indexOf(RawColumns.OS_TYPE));
    assertEquals(10, header.indexOf(RawColumns.APP_VERSION));
  }

  @Test
  void missingColumnsAreAllNamedInOneLine() {
    InvalidHeaderException e =
        assertThrows(
            InvalidHeaderException.class,
            () -> CsvHeader.of(requiredWithout("app_version", "region"), FILE));

    assertEquals("data/x.csv: missing required column(s): region, app_version", e.getMessage());
  }

  @Test
  void aHeaderWithNoRequiredColumnNamesThemAll() {
    InvalidHeaderException e =
        assertThrows(InvalidHeaderException.class, () -> CsvHeader.of(List.of("foo"), FILE));

    assertEquals(
        "data/x.csv: missing required column(s): user_id, region, vehicle_model, feature_name,"
            + " session_duration_min, error_flag, feedback_rating, app_version, os_type,"
            + " subscription_status, feature_used_at",
        e.getMessage());
  }

  @Test
  void aRequiredColumnNamedTwiceFails() {
    List<String> names = new ArrayList<>(RawColumns.REQUIRED);
    names.add(" Region");

    InvalidHeaderException e =
        assertThrows(InvalidHeaderException.class, () -> CsvHeader.of(names, FILE));

    assertEquals(
        "data/x.csv: required column 'region' appears 2 times in the header", e.getMessage());
  }

  @Test
  void missingAndDuplicatedColumnsAreReportedTogether() {
    List<String> names = requiredWithout("os_type");
    names.add("user_id");
    names.add("USER_ID");

    InvalidHeaderException e =
        assertThrows(InvalidHeaderException.class, () -> CsvHeader.of(names, FILE));

    assertEquals(
        "data/x.csv: missing required column(s): os_type;"
            + " required column 'user_id' appears 3 times in the header",
        e.getMessage());
  }

  @Test
  void anExtraColumnNamedTwiceIsFine() {
    List<String> names = new ArrayList<>(RawColumns.REQUIRED);
    names.add("note");
    names.add("Note");

    assertEquals(13, CsvHeader.of(names, FILE).fieldCount());
  }

  @Test
  void onlyRequiredColumnsHaveAnIndex() {
    CsvHeader header = CsvHeader.of(RawColumns.REQUIRED, FILE);

    assertThrows(IllegalArgumentException.class, () -> header.indexOf("comment"));
  }

  @Test
  void readTakesTheFirstRecordWithItsQuotingAndByteOrderMark() throws IOException {
    String quotedNames = "\"" + String.join("\",\"", RawColumns.REQUIRED) + "\"";

    CsvHeader header = read("\uFEFF" + quotedNames + ",\"a,b\"\r\nu1,UK\r\n");

    assertNotNull(header);
    assertEquals(12, header.fieldCount());
    assertEquals(1, header.indexOf(RawColumns.REGION));
  }

  @Test
  void readOfAFileWithoutAnyRecordIsNull() throws IOException {
    assertNull(read(""));
    assertNull(read("\uFEFF"));
    assertNull(read("\r\n\n"));
  }

  @Test
  void readOfAMalformedHeaderNamesTheFileAndLine() {
    InvalidHeaderException e =
        assertThrows(
            InvalidHeaderException.class,
            () -> read("\"user_id," + String.join(",", requiredWithout("user_id")) + "\n"));

    assertTrue(
        e.getMessage().startsWith("data/x.csv: line 1: the header is not valid CSV"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void readOfAHeaderWithoutEndIsTooLarge() {
    String endless = "x".repeat(2 << 20);

    InvalidHeaderException e = assertThrows(InvalidHeaderException.class, () -> read(endless));

    assertEquals("data/x.csv: line 1: the header is longer than 1048576 bytes", e.getMessage());
  }

  @Test
  void aHeaderLongerThanTheRecordLimitIsStillRead() throws IOException {
    // Thousands of extra columns make a header far longer than the records' 64-byte limit.
    List<String> columns = new ArrayList<>(RawColumns.REQUIRED);
    columns.addAll(Collections.nCopies(2_000, "extra"));
    String content = String.join(",", columns) + "\n" + "y".repeat(65) + "\n";
    CsvRecordScanner scanner = new CsvRecordScanner(new ByteArrayInputStream(content.getBytes(UTF_8)), 64);

    CsvHeader header = CsvHeader.from(scanner, FILE);
    CsvRecord tooLarge = scanner.next();

    assertEquals(2_011, header.fieldCount());
    assertEquals(2, tooLarge.lineNumber());
    assertEquals(IssueCode.RECORD_TOO_LARGE, tooLarge.problem());
    assertEquals(64, tooLarge.rawBytes().length);
  }
}
