package com.usageintel.transforms.csv;

import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.RawColumns;
import com.usageintel.transforms.clean.CleanText;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where a file keeps each required column (contract sections 1 and 7): names are matched after
 * trimming Unicode whitespace and lower-casing, column order is free, extra columns are ignored,
 * and every required column must appear exactly once.
 */
public final class CsvHeader {
  /** Far above any real header, and small enough that a file without line ends fails fast. */
  private static final int MAX_HEADER_BYTES = 1 << 20;

  private final int fieldCount;
  private final Map<String, Integer> requiredIndexes;

  private CsvHeader(int fieldCount, Map<String, Integer> requiredIndexes) {
    this.fieldCount = fieldCount;
    this.requiredIndexes = requiredIndexes;
  }

  /**
   * @throws InvalidHeaderException naming the file, every missing required column and every
   *     required column named more than once
   */
  public static CsvHeader of(List<String> headerFields, String sourceFile) {
    Map<String, Integer> indexes = new HashMap<>();
    Map<String, Integer> occurrences = new HashMap<>();
    for (int i = 0; i < headerFields.size(); i++) {
      String name = CleanText.trim(headerFields.get(i)).toLowerCase(Locale.ROOT);
      if (RawColumns.REQUIRED.contains(name)) {
        indexes.putIfAbsent(name, i);
        occurrences.merge(name, 1, Integer::sum);
      }
    }
    List<String> problems = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String column : RawColumns.REQUIRED) {
      if (!indexes.containsKey(column)) {
        missing.add(column);
      }
    }
    if (!missing.isEmpty()) {
      problems.add("missing required column(s): " + String.join(", ", missing));
    }
    for (String column : RawColumns.REQUIRED) {
      int times = occurrences.getOrDefault(column, 0);
      if (times > 1) {
        problems.add("required column '" + column + "' appears " + times + " times in the header");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidHeaderException(sourceFile + ": " + String.join("; ", problems));
    }
    return new CsvHeader(headerFields.size(), Map.copyOf(indexes));
  }

  /**
   * Reads the first record of a scanner at the start of a file as its header; null when the file
   * has no record at all (zero bytes, a byte-order mark or blank lines only), which is valid and
   * contributes zero rows.
   */
  public static @Nullable CsvHeader from(CsvRecordScanner scanner, String sourceFile)
      throws IOException {
    CsvRecord header = scanner.nextWithin(MAX_HEADER_BYTES);
    if (header == null) {
      return null;
    }
    IssueCode problem = header.problem();
    if (problem == IssueCode.RECORD_TOO_LARGE) {
      throw new InvalidHeaderException(
          sourceFile
              + ": line "
              + header.lineNumber()
              + ": the header is longer than "
              + MAX_HEADER_BYTES
              + " bytes");
    }
    if (problem != null) {
      throw new InvalidHeaderException(
          sourceFile
              + ": line "
              + header.lineNumber()
              + ": the header is not valid CSV (an unclosed quote, text after a closing quote,"
              + " invalid UTF-8 or a NUL byte)");
    }
    return of(header.fields(), sourceFile);
  }

  /**
   * Reads just the header of a file's content, as {@link #from} does. It may read past the header
   * and leaves the stream open.
   */
  public static @Nullable CsvHeader read(InputStream in, String sourceFile) throws IOException {
    return from(new CsvRecordScanner(in, MAX_HEADER_BYTES), sourceFile);
  }

  /** The number of fields in the header, extra columns included; every record must have as many. */
  public int fieldCount() {
    return fieldCount;
  }

  /** The 0-based field index of a column of {@link RawColumns#REQUIRED}. */
  public int indexOf(String requiredColumn) {
    Integer index = requiredIndexes.get(requiredColumn);
    if (index == null) {
      throw new IllegalArgumentException(requiredColumn + " is not a required column");
    }
    return index;
  }

}
