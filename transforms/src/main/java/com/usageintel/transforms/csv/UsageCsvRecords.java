package com.usageintel.transforms.csv;

import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.RawColumns;
import com.usageintel.schemas.RawRecord;
import com.usageintel.schemas.RejectedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one raw usage file's content (contract sections 1 and 7): its header, then each record as
 * a {@link RawRecord} with the eleven required fields, or, when it is not valid CSV, too large or
 * has a field count other than the header's, as a malformed {@link RejectedRecord} byte for byte.
 */
public final class UsageCsvRecords {
  private UsageCsvRecords() {}

  /**
   * Reads {@code in} to its end without closing it; an empty file calls neither consumer.
   *
   * @throws InvalidHeaderException when the header is unreadable or lacks a required column
   */
  public static void scan(
      InputStream in,
      String sourceFile,
      int maxRecordBytes,
      Consumer<RawRecord> records,
      Consumer<RejectedRecord> malformed)
      throws IOException {
    CsvRecordScanner scanner = new CsvRecordScanner(in, maxRecordBytes);
    CsvHeader header = CsvHeader.from(scanner, sourceFile);
    if (header == null) {
      return;
    }
    for (CsvRecord record = scanner.next(); record != null; record = scanner.next()) {
      IssueCode problem = record.problem();
      if (problem == null && record.fields().size() != header.fieldCount()) {
        problem = IssueCode.MALFORMED_RECORD;
      }
      if (problem != null) {
        malformed.accept(
            RejectedRecord.create(
                sourceFile,
                record.lineNumber(),
                record.rawText(),
                record.rawBytes(),
                List.of(problem.name())));
      } else {
        records.accept(toRawRecord(header, record, sourceFile));
      }
    }
  }

  private static RawRecord toRawRecord(CsvHeader header, CsvRecord record, String sourceFile) {
    List<String> fields = record.fields();
    return RawRecord.builder()
        .setSourceFile(sourceFile)
        .setLineNumber(record.lineNumber())
        .setRawText(record.rawText())
        .setUserId(fields.get(header.indexOf(RawColumns.USER_ID)))
        .setRegion(fields.get(header.indexOf(RawColumns.REGION)))
        .setVehicleModel(fields.get(header.indexOf(RawColumns.VEHICLE_MODEL)))
        .setFeatureName(fields.get(header.indexOf(RawColumns.FEATURE_NAME)))
        .setSessionDurationMin(fields.get(header.indexOf(RawColumns.SESSION_DURATION_MIN)))
        .setErrorFlag(fields.get(header.indexOf(RawColumns.ERROR_FLAG)))
        .setFeedbackRating(fields.get(header.indexOf(RawColumns.FEEDBACK_RATING)))
        .setAppVersion(fields.get(header.indexOf(RawColumns.APP_VERSION)))
        .setOsType(fields.get(header.indexOf(RawColumns.OS_TYPE)))
        .setSubscriptionStatus(fields.get(header.indexOf(RawColumns.SUBSCRIPTION_STATUS)))
        .setFeatureUsedAt(fields.get(header.indexOf(RawColumns.FEATURE_USED_AT)))
        .build();
  }
}
