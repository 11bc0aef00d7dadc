package com.usageintel.pipeline;

import static com.usageintel.pipeline.TestRuns.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.usageintel.pipeline.bench.InPostgresBaseline;
import com.usageintel.pipeline.generate.UsageDataGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-PostgreSQL baseline (sql/baseline/) is an independent implementation of the contract, so
 * it and the product must publish the same tables from the same input: generated rows plus the
 * hand-written edge cases below, loaded by both into one database (the product's tables in
 * public, the baseline's in schema baseline) and compared cell by cell. Sums of durations may
 * differ in the last binary digit (the product adds exact binary values, PostgreSQL decimals).
 */
class InPostgresBaselineTest {
  /** Cases the generator does not write, each tried by both paths. Line numbers follow the generated rows. */
  private static final List<String> EDGE_CASES = List.of(
      // Quoting: a quoted comma, a doubled quote, a literal quote in an unquoted field.
      "U90001,UK,VW Golf,\"Lock, Unlock\",3.5,0,4,v5.5,Android,active,2025-08-01 10:00:00.000001",
      "U90001,UK,\"VW \"\"Golf\"\"\",Navigation,3.5,0,4,v5.5,Android,active,2025-08-01 10:00:00.000002",
      "U90002,UK,Audi 5\" e-tron,Navigation,3.5,0,4,v5.5,Android,active,2025-08-01 10:00:00.000003",
      // Malformed: text after a closing quote, a field too few.
      "U90003,\"UK\" ,VW Golf,Navigation,3.5,0,4,v5.5,Android,active,2025-08-01 10:00:00",
      "U90003,UK,VW Golf,Navigation,3.5,0,4,v5.5,Android,active",
      // Timestamps, valid: offsets, fractions past microseconds, epochs, the slash and dot forms.
      "U90004,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,2025-08-01T10:00:00+18:00",
      "U90004,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,2025-08-01 10:00:00.123456789Z",
      "U90004,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,2025-08-01t11:00:00z",
      "U90004,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,2025-08-01 12:00:00+0530",
      "U90004,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,2025-08-01 13:00-03",
      "U90004,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,1754042400",
      "U90004,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,1754042400123",
      "U90004,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,02.08.2025 10:00",
      "U90004,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,02/08/2025 11:00:30",
      "U90004,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,2025/08/02 12:00",
      "U90004,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,\u00a0 2025-08-02 13:00:00.5 ",
      "U90004,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,2024-02-29 10:00:00",
      // Timestamps, rejected.
      "U90005,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,2025-08-01 24:00:00",
      "U90005,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,2025-08-01 23:59:60",
      "U90005,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,2025-02-29 10:00:00",
      "U90005,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,2025-08-01 10:00:00+18:30",
      "U90005,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,2025-08-01 10:00:00.1234567891",
      "U90005,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,2025-08-01",
      "U90005,UK,VW Golf,Navigation,1,0,4,v5.5,Android,active,N/A",
      // Rejected for several reasons at once.
      "null,UK,VW Golf,none,1,0,4,v5.5,Android,active,",
      // Durations, ratings, flags, versions and categories at their edges.
      "u 00123 ,España,vw id.4,Remote-Start,\"1,5\",Yes,five,05.05,a n d r o i d,Canceled,2025-08-03 10:00:00",
      "U90006,Great Britain,SkodaEnyaq,nav,-3,T,+3,version 5.5.1,iPhone OS,expired,2025-08-03 10:00:01",
      "U90006,\u00a0uk ,e-tron,charging,0,maybe,4.5,5,Windows Phone,trial,2025-08-03 10:00:02",
      "U90006,Austria,Taycan,voice,240,f,6,beta,other,churned,2025-08-03 10:00:03",
      "U90006,austria,Golf,trips,240.0001,,\"5,0\",V5-6,ios,ACTIVE,2025-08-03 10:00:04",
      "U90006,UK,Golf,trips,1e3,1.0,zero,v,ios,active,2025-08-03 10:00:05",
      "U90006,UK,Golf,trips,.5,0.0,0,v5.6,ios,active,2025-08-03 10:00:06",
      "U90006,UK,Golf,trips,5.,n,1,99999999999,ios,active,2025-08-03 10:00:07",
      // One event three times: the row with more usable fields wins, then the smaller raw text.
      "U90007,UK,VW Golf,Navigation,,0,4,v5.5,Android,active,2025-08-04 09:00:00",
      "U90007,UK,VW Golf,nav,12,0,4,v5.5,Android,active,2025-08-04 09:00:00",
      "U90007,UK,VW Golf,NAV,12,0,4,v5.5,Android,active,2025-08-04 09:00:00",
      // A quote never closed runs to the end of the file (the baseline, reading lines, cannot follow
      // it further than its line): last, so that both reject just this one record.
      "U90003,UK,VW Golf,\"Navigation,3.5,0,4,v5.5,Android,active,2025-08-01 10:00:00");

  @TempDir static Path dir;
  static String jdbcUrl;

  @BeforeAll
  static void loadBothWays() throws Exception {
    Path input = dir.resolve("usage.csv");
    new UsageDataGenerator(1).generate(1_000, 5, input);
    // No line end after the last line: the unclosed quote's record would take it in.
    Files.writeString(input, String.join("\n", EDGE_CASES), StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    jdbcUrl = TestDatabase.freshDatabase();
    load(jdbcUrl, input);
    try (Connection connection = TestDatabase.connect(jdbcUrl)) {
      Map<String, Double> steps = InPostgresBaseline.run(connection, input);
      assertTrue(steps.containsKey("copy") && steps.containsKey("deduplicate"), steps.keySet().toString());
    }
  }

  @Test
  void accountsForTheRowsAsTheProductDoes() {
    assertEquals(
        TestDatabase.rows(jdbcUrl, "select rows_read, rows_new, rows_duplicate, rows_rejected from etl_run"),
        TestDatabase.rows(jdbcUrl, "select * from baseline.run_accounting"));
  }

  @Test
  void publishesTheSameTables() {
    Map<String, List<List<String>>> product = PublishedTables.snapshot(jdbcUrl);
    Map<String, List<List<String>>> baseline = PublishedTables.snapshot(jdbcUrl + "?currentSchema=baseline");
    for (String table : product.keySet()) {
      assertTrue(product.get(table).size() > 0, table + " is empty");
      assertSameRows(table, product.get(table), baseline.get(table));
    }
  }

  @Test
  void quarantinesAndCountsIssuesAsTheProductDoes() {
    assertSameRows("dq_rejected_rows",
        TestDatabase.rows(jdbcUrl, "select line_number, raw_record, reasons from dq_rejected_rows order by 1"),
        TestDatabase.rows(jdbcUrl, "select line_number, raw_record, reasons from baseline.dq_rejected_rows order by 1"));
    assertSameRows("dq_issue_counts",
        TestDatabase.rows(jdbcUrl, "select field, issue_code, issue_count, sample_values from dq_issue_counts"
            + " order by 1, 2"),
        TestDatabase.rows(jdbcUrl, "select field, issue_code, issue_count, sample_values"
            + " from baseline.dq_issue_counts order by 1, 2"));
  }

  /** Equal cell by cell; numbers that differ only past the 12th significant digit count as equal. */
  private static void assertSameRows(String table, List<List<String>> expected, List<List<String>> actual) {
    assertEquals(expected.size(), actual.size(), table + ": row count");
    for (int row = 0; row < expected.size(); row++) {
      for (int column = 0; column < expected.get(row).size(); column++) {
        String want = expected.get(row).get(column);
        String got = actual.get(row).get(column);
        if (want == null ? got != null : !want.equals(got) && !nearlyEqualNumbers(want, got)) {
          fail(table + " row " + row + " column " + (column + 1) + ": product " + want + ", baseline " + got
              + "\nproduct row:  " + expected.get(row) + "\nbaseline row: " + actual.get(row));
        }
      }
    }
  }

  private static boolean nearlyEqualNumbers(String a, String b) {
    try {
      double x = Double.parseDouble(a);
      double y = Double.parseDouble(b);
      return Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
