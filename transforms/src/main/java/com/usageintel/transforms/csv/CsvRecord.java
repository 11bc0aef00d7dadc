package com.usageintel.transforms.csv;

import com.usageintel.schemas.IssueCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One CSV record as scanned: the physical line where it starts, its bytes exactly as in the file
 * without the line end, and either its unescaped fields or the problem that makes it unusable.
 */
public final class CsvRecord {
  private final long lineNumber;
  private final byte[] rawBytes;
  private final @Nullable List<String> fields;
  private final @Nullable IssueCode problem;

  private CsvRecord(
      long lineNumber,
      byte[] rawBytes,
      @Nullable List<String> fields,
      @Nullable IssueCode problem) {
    this.lineNumber = lineNumber;
    this.rawBytes = rawBytes;
    this.fields = fields;
    this.problem = problem;
  }

  /** Takes ownership of both arguments; {@code fields} must be unmodifiable. */
  static CsvRecord withFields(long lineNumber, byte[] rawBytes, List<String> fields) {
    return new CsvRecord(lineNumber, rawBytes, fields, null);
  }

  static CsvRecord withProblem(long lineNumber, byte[] rawBytes, IssueCode problem) {
    return new CsvRecord(lineNumber, rawBytes, null, problem);
  }

  /** The 1-based physical line where the record starts; a file's header is line 1. */
  public long lineNumber() {
    return lineNumber;
  }

  /** The record's bytes without its line end; only the first maxRecordBytes if it was too large. */
  public byte[] rawBytes() {
    return rawBytes.clone();
  }

  /** The raw bytes as UTF-8, invalid sequences replaced by U+FFFD. */
  public String rawText() {
    return new String(rawBytes, StandardCharsets.UTF_8);
  }

  /** The unescaped field values; null when there is a {@link #problem()}. */
  public @Nullable List<String> fields() {
    return fields;
  }

  /** {@code MALFORMED_RECORD}, {@code RECORD_TOO_LARGE}, or null for a usable record. */
  public @Nullable IssueCode problem() {
    return problem;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof CsvRecord)) {
      return false;
    }
    CsvRecord that = (CsvRecord) other;
    return lineNumber == that.lineNumber
        && Arrays.equals(rawBytes, that.rawBytes)
        && Objects.equals(fields, that.fields)
        && problem == that.problem;
  }

  @Override
  public int hashCode() {
    return Objects.hash(lineNumber, Arrays.hashCode(rawBytes), fields, problem);
  }

  @Override
  public String toString() {
    return "CsvRecord{line="
        + lineNumber
        + ", raw="
        + rawText()
        + (problem == null ? ", fields=" + fields : ", problem=" + problem)
        + "}";
  }
}
