package com.usageintel.pipeline.generate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads generated CSV the way any RFC 4180 reader would, independently of the generator's own code. */
final class RawCsv {
  /** The contract's null-like values (section 2). */
  private static final Set<String> NULL_LIKE = Set.of("", "nan", "na", "n/a", "null", "none", "unknown", "-", "?");

  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();

  static List<CSVRecord> parse(byte[] csv) throws IOException {
    try (Reader reader = new InputStreamReader(new ByteArrayInputStream(csv), StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
      return parser.getRecords();
    }
  }

  static boolean isNullLike(String value) {
    return NULL_LIKE.contains(value.strip().toLowerCase(Locale.ROOT));
  }

  private RawCsv() {}
}
