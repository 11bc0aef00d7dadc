package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.RawColumns;
import com.usageintel.schemas.RawRecord;
import com.usageintel.schemas.ReferenceData;
import com.usageintel.schemas.RejectedRecord;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.clean.CleanedRecord;
import com.usageintel.transforms.clean.UsageEventCleaner;
import com.usageintel.transforms.csv.InvalidHeaderException;
import com.usageintel.transforms.csv.UsageCsvRecords;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Thousands of hostile inputs ({@link HostileCsv}) through the reader and the cleaner the pipeline
 * runs, checked against what is known by construction: nothing throws but a refused header (one
 * line naming the file), every input byte belongs to exactly one record or to the line ends and
 * blank lines between them, every record's bytes are the file's bytes at the line where it starts,
 * and each row written before any framing-shifting piece becomes exactly what it must.
 *
 * <p>Each input is a seed; a failure names it. Replay one with {@code
 * -Dhostile.seed=<seed>} (surefire passes system properties through).
 */
class HostileInputPropertiesTest {
  /** 3,000 in every {@code mvn verify}, 30,000 with {@code -Pnightly}. */
  static final int INPUTS = Integer.getInteger("hostile.inputs", 3_000);

  private static final UsageEventCleaner CLEANER =
      new UsageEventCleaner(ReferenceData.loadDefault(), ZoneOffset.UTC, 240);

  private static final Map<String, Function<UsageEvent, String>> EVENT_VALUES = Map.of(
      RawColumns.USER_ID, UsageEvent::getUserId,
      RawColumns.REGION, UsageEvent::getRegion,
      RawColumns.VEHICLE_MODEL, UsageEvent::getVehicleModel,
      RawColumns.FEATURE_NAME, UsageEvent::getFeatureName,
      RawColumns.OS_TYPE, UsageEvent::getOsType,
      RawColumns.SUBSCRIPTION_STATUS, UsageEvent::getSubscriptionStatus);

  /** One record as read, well formed or not. */
  private record Scanned(long line, byte[] bytes, boolean tooLarge) {}

  private long refused;
  private long bytes;
  private long records;
  private long malformed;
  private long rejectedByCleaning;
  private long checkedRows;

  @Test
  void everyHostileInputIsReadWithoutCrashLossOrChange() {
    String replay = System.getProperty("hostile.seed");
    LongStream seeds = replay == null ? LongStream.rangeClosed(1, INPUTS) : LongStream.of(Long.parseLong(replay));
    seeds.forEach(seed -> check(HostileCsv.draw(seed)));

    System.out.printf("hostile inputs fuzzed: %d (%d with a refused header), %,d bytes, %,d records"
            + " (%,d malformed, %,d rejected by cleaning), %,d rows checked against their construction%n",
        replay == null ? INPUTS : 1, refused, bytes, records, malformed, rejectedByCleaning, checkedRows);
    if (replay == null) {
      assertTrue(refused > 0 && malformed > 0 && rejectedByCleaning > 0 && checkedRows > 5 * INPUTS,
          "the generator no longer covers every case");
    }
  }

  private void check(HostileCsv input) {
    String file = "hostile-" + input.seed + ".csv";
    String where = input.describe();
    bytes += input.bytes.length;
    List<RawRecord> wellFormed = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    try {
      UsageCsvRecords.scan(new ByteArrayInputStream(input.bytes), file, input.maxRecordBytes,
          wellFormed::add, rejected::add);
    } catch (InvalidHeaderException e) {
      assertTrue(input.header.refused, where + ": header refused: " + e.getMessage());
      assertTrue(e.getMessage().startsWith(file + ": "), where + ": " + e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), where + ": " + e.getMessage());
      refused++;
      return;
    } catch (IOException | RuntimeException e) {
      throw new AssertionError(where + ": the reader failed", e);
    }
    assertFalse(input.header.refused, where + ": a " + input.header + " header was accepted");

    List<Scanned> all = new ArrayList<>();
    Map<Long, RawRecord> wellFormedByLine = new HashMap<>();
    for (RawRecord record : wellFormed) {
      all.add(new Scanned(record.getLineNumber(), HostileCsv.utf8(record.getRawText()), false));
      wellFormedByLine.put(record.getLineNumber(), record);
    }
    Map<Long, RejectedRecord> rejectedByLine = new HashMap<>();
    for (RejectedRecord record : rejected) {
      assertEquals(file, record.getSourceFile(), where);
      assertEquals(new String(record.getRawBytes(), StandardCharsets.UTF_8), record.getRawText(), where);
      all.add(new Scanned(record.getLineNumber(), record.getRawBytes(),
          record.getReasons().equals(List.of(IssueCode.RECORD_TOO_LARGE.name()))));
      rejectedByLine.put(record.getLineNumber(), record);
    }
    all.sort(Comparator.comparingLong(Scanned::line));
    assertEquals(all.size(), wellFormedByLine.size() + rejectedByLine.size(), where + ": two records on one line");
    assertEveryByteAccountedFor(input, all, where);

    Map<Long, CleanedRecord> cleanedByLine = new HashMap<>();
    for (RawRecord record : wellFormed) {
      CleanedRecord cleaned;
      try {
        cleaned = CLEANER.clean(record);
      } catch (RuntimeException e) {
        throw new AssertionError(where + ": cleaning line " + record.getLineNumber() + " failed", e);
      }
      cleanedByLine.put(record.getLineNumber(), cleaned);
      if (cleaned.isRejected()) {
        rejectedByCleaning++;
      }
    }
    records += all.size();
    malformed += rejected.size();

    for (HostileCsv.Expected expected : input.expected) {
      checkedRows++;
      String row = where + ", line " + expected.line() + " (" + expected.kind() + ")";
      if (expected.outcome() == HostileCsv.Outcome.MALFORMED) {
        RejectedRecord record = rejectedByLine.get(expected.line());
        assertNotNull(record, row + ": not rejected by the reader");
        assertEquals(expected.reasons(), record.getReasons(), row);
        continue;
      }
      RawRecord record = wellFormedByLine.get(expected.line());
      assertNotNull(record, row + ": not read as a well-formed record"
          + (rejectedByLine.containsKey(expected.line()) ? ": " + rejectedByLine.get(expected.line()).getReasons() : ""));
      assertEquals(expected.values(), valuesOf(record), row);
      CleanedRecord cleaned = cleanedByLine.get(expected.line());
      List<String> reasons = cleaned.rejectReasons().stream().map(IssueCode::name).toList();
      switch (expected.outcome()) {
        case REJECTED_BY_CLEANING -> assertEquals(expected.reasons(), reasons, row);
        case REJECTED_BY_CLEANING_AMONG_OTHERS -> assertTrue(reasons.containsAll(expected.reasons()), row + ": " + reasons);
        default -> {
          if (expected.kind().equals("HOSTILE_VALUE")) {
            assertHostileValuesKept(expected, cleaned, row);
          }
        }
      }
    }
  }

  /**
   * Walks the file: before, between and after the records only line ends; each record's bytes
   * exactly the file's from the start of its line, up to a line end or the end of the file (or,
   * for a record too large, its first maxRecordBytes bytes).
   */
  private static void assertEveryByteAccountedFor(HostileCsv input, List<Scanned> records, String where) {
    byte[] file = input.bytes;
    int[] lineStarts = HostileCsv.Lines.starts(file);
    int position = input.headerEnd;
    int previousStart = -1;
    for (Scanned record : records) {
      String at = where + ", line " + record.line();
      assertTrue(record.line() >= 1 && record.line() <= lineStarts.length, at + ": no such line");
      int start = lineStarts[(int) record.line() - 1];
      if (position >= 0) {
        assertOnlyLineEnds(file, position, start, at + ": bytes lost before the record");
      } else {
        assertTrue(start > previousStart + input.maxRecordBytes, at + ": starts inside the record too large before it");
      }
      int end = start + record.bytes().length;
      assertTrue(end <= file.length, at + ": longer than the file");
      assertArrayEquals(Arrays.copyOfRange(file, start, end), record.bytes(), at + ": bytes differ from the file's");
      if (record.tooLarge()) {
        assertEquals(input.maxRecordBytes, record.bytes().length, at);
        position = -1;
      } else {
        assertTrue(end == file.length || file[end] == '\r' || file[end] == '\n',
            at + ": the record stops before its line end");
        position = end;
      }
      previousStart = start;
    }
    if (position >= 0) {
      assertOnlyLineEnds(file, position, file.length, where + ": bytes lost after the last record");
    }
  }

  private static void assertOnlyLineEnds(byte[] file, int from, int to, String message) {
    if (from > to) {
      fail(message + " (records overlap: " + from + " > " + to + ")");
    }
    for (int i = from; i < to; i++) {
      if (file[i] != '\r' && file[i] != '\n') {
        fail(message + " (byte " + i + " is " + (file[i] & 0xFF) + ")");
      }
    }
  }

  private static void assertHostileValuesKept(HostileCsv.Expected expected, CleanedRecord cleaned, String row) {
    assertFalse(cleaned.isRejected(), row + ": " + cleaned.rejectReasons());
    expected.values().forEach((column, value) -> {
      if (HostileCsv.HOSTILE_VALUES.contains(value)) {
        String stored = EVENT_VALUES.get(column).apply(cleaned.event());
        String verbatim = column.equals(RawColumns.USER_ID) ? value.toUpperCase(Locale.ROOT) : value;
        assertEquals(verbatim, stored, row + ": " + column);
      }
    });
  }

  private static Map<String, String> valuesOf(RawRecord record) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(RawColumns.USER_ID, record.getUserId());
    values.put(RawColumns.REGION, record.getRegion());
    values.put(RawColumns.VEHICLE_MODEL, record.getVehicleModel());
    values.put(RawColumns.FEATURE_NAME, record.getFeatureName());
    values.put(RawColumns.SESSION_DURATION_MIN, record.getSessionDurationMin());
    values.put(RawColumns.ERROR_FLAG, record.getErrorFlag());
    values.put(RawColumns.FEEDBACK_RATING, record.getFeedbackRating());
    values.put(RawColumns.APP_VERSION, record.getAppVersion());
    values.put(RawColumns.OS_TYPE, record.getOsType());
    values.put(RawColumns.SUBSCRIPTION_STATUS, record.getSubscriptionStatus());
    values.put(RawColumns.FEATURE_USED_AT, record.getFeatureUsedAt());
    return values;
  }
}
