package com.usageintel.pipeline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.usageintel.pipeline.report.ReportData.AdoptionDay;
import com.usageintel.pipeline.report.ReportData.DailyKpi;
import com.usageintel.pipeline.report.ReportData.DataQuality;
import com.usageintel.pipeline.report.ReportData.DaysActiveCount;
import com.usageintel.pipeline.report.ReportData.DaysActiveMonth;
import com.usageintel.pipeline.report.ReportData.FieldIssue;
import com.usageintel.pipeline.report.ReportData.Kpis;
import com.usageintel.pipeline.report.ReportData.Period;
import com.usageintel.pipeline.report.ReportData.ReasonCount;
import com.usageintel.pipeline.report.ReportData.RetentionCell;
import com.usageintel.pipeline.report.ReportData.UsageCount;
import com.usageintel.pipeline.report.ReportData.VersionStability;
import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page as text: values from users' CSVs (unmapped members, raw samples) are inert wherever
 * they land, and the KPI cards read as people write numbers.
 */
class DashboardPageTest {
  private static final String CLOSES_SCRIPT = "</script><script>alert(1)</script>";
  private static final String FORMULA = "=HYPERLINK(\"x\")";
  private static final String IMG = "<img src=x onerror=alert(1)>";
  private static final String COMMENT = "<!--<script>";

  @Test
  void valuesFromCsvFilesAreEscapedInTablesAndInTheChartData() throws Exception {
    String page = DashboardPage.render(hostileReport(), Instant.EPOCH);

    // Only the page's own three script elements: the data, ECharts and the dashboard script.
    assertEquals(3, count(page.toLowerCase(Locale.ROOT), "<script"));
    assertEquals(3, count(page.toLowerCase(Locale.ROOT), "</script"));
    for (String raw : List.of(CLOSES_SCRIPT, IMG, COMMENT, FORMULA)) {
      assertFalse(page.contains(raw), raw);
    }
    // In HTML text, as entities.
    assertTrue(page.contains("<code>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code> "
        + "<code>&lt;img src=x onerror=alert(1)&gt;</code> <code>=HYPERLINK(&quot;x&quot;)</code>"),
        page);
    assertTrue(page.contains("<td>&lt;!--&lt;script&gt;</td><td>v1.0</td>"));
    assertTrue(page.contains("<td>&lt;b&gt;MALFORMED&lt;/b&gt;</td>"));
    // In the script data, as \\u escapes that JSON reads back to the very same text.
    String json = between(page, "<script type=\"application/json\" id=\"report-data\">", "</script>");
    assertTrue(json.contains("\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E"),
        json);
    JsonNode data = new ObjectMapper().readTree(json);
    assertEquals(CLOSES_SCRIPT, data.at("/regions/0/member").asText());
    assertEquals(IMG, data.at("/vehicles/0/member").asText());
    assertEquals(FORMULA, data.at("/features/0/member").asText());
    assertEquals(FORMULA, data.at("/adoption/0/feature").asText());
    assertEquals(COMMENT, data.at("/versions/0/osType").asText());
  }

  @Test
  void theContentSecurityPolicyAllowsExactlyThePagesOwnScripts() throws Exception {
    String page = DashboardPage.render(hostileReport(), Instant.EPOCH);

    String policy = between(page, "<meta http-equiv=\"Content-Security-Policy\" content=\"", "\">");
    List<String> hashes = new ArrayList<>();
    Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(page);
    while (script.find()) {
      hashes.add("'sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(script.group(1).getBytes(StandardCharsets.UTF_8))) + "'");
    }
    assertEquals(2, hashes.size());
    assertEquals("default-src 'none'; script-src " + String.join(" ", hashes)
        + "; style-src 'unsafe-inline'; img-src data:", policy);
  }

  @Test
  void kpiCardsShowNumbersAsPeopleWriteThem() {
    ReportData report = new ReportData(
        new Period(LocalDate.of(2025, 7, 1), LocalDate.of(2025, 10, 31)),
        // 8.7 minutes = 522 s = 8:42.
        new Kpis(49_128, 1_498, 3_557, 49_128, new BigDecimal("7.24"), 8.7, 46_488),
        List.of(), List.of(), List.of(), List.of(), noDaysActive(), List.of(), List.of(), List.of(),
        List.of(), emptyDataQuality());

    String page = DashboardPage.render(report, Instant.parse("2026-01-02T03:04:05Z"));

    assertEquals(List.of("49,128", "1,498", "3,557", "7.24%", "8:42"),
        List.of(card(page, "events"), card(page, "users"), card(page, "errors"),
            card(page, "error-rate"), card(page, "avg-session")));
    assertTrue(page.contains("of 49,128 events with a known error flag"));
    assertTrue(page.contains("<span class=\"muted\" id=\"period\">2025-07-01 to 2025-10-31 (123 days)"
        + "</span>"), page.substring(0, 4000));
    assertTrue(page.contains("generated 2026-01-02 03:04:05 UTC"));
  }

  @Test
  void anEmptyLoadShowsDashesNotZeroRates() {
    ReportData report = new ReportData(new Period(null, null),
        new Kpis(0, 0, 0, 0, null, null, 0),
        List.of(), List.of(), List.of(), List.of(), noDaysActive(), List.of(), List.of(), List.of(),
        List.of(), emptyDataQuality());

    String page = DashboardPage.render(report, Instant.EPOCH);

    assertEquals(List.of("0", "0", "–", "–"), List.of(card(page, "events"), card(page, "users"),
        card(page, "error-rate"), card(page, "avg-session")));
    assertTrue(page.contains("no events loaded"));
    assertTrue(page.contains("No row was rejected."));
  }

  // ---------------------------------------------------------------------------------------------

  private static ReportData hostileReport() {
    return new ReportData(
        new Period(LocalDate.of(2025, 1, 27), LocalDate.of(2025, 1, 27)),
        new Kpis(3, 1, 0, 3, new BigDecimal("0.00"), 10.0, 3),
        List.of(new DailyKpi(LocalDate.of(2025, 1, 27), 3, 1, 1.0, new BigDecimal("0.00"))),
        List.of(),
        List.of(new RetentionCell(LocalDate.of(2025, 1, 27), 0, 1, 1, new BigDecimal("100.00"))),
        List.of(new AdoptionDay(FORMULA, LocalDate.of(2025, 1, 27), 1, 1, new BigDecimal("100.00"))),
        new DaysActiveMonth(LocalDate.of(2025, 1, 1), List.of(new DaysActiveCount(1, 1))),
        List.of(new UsageCount(FORMULA, 3, 1)),
        List.of(new VersionStability(COMMENT, "v1.0", 1, 0, 1, 3, 1, 3, new BigDecimal("0.00"),
            null, null, null, null, false)),
        List.of(new UsageCount(CLOSES_SCRIPT, 3, 1)),
        List.of(new UsageCount(IMG, 3, 1)),
        new DataQuality(new RunSummary(1, "succeeded", 4, 3, 0, 0, 1), Instant.EPOCH,
            List.of(new ReasonCount("<b>MALFORMED</b>", 1)),
            List.of(new FieldIssue("region", FieldIssue.UNMAPPED_VALUE, 3,
                List.of(CLOSES_SCRIPT, IMG, FORMULA)))));
  }

  private static DaysActiveMonth noDaysActive() {
    return new DaysActiveMonth(null, List.of());
  }

  private static DataQuality emptyDataQuality() {
    return new DataQuality(new RunSummary(1, "succeeded", 0, 0, 0, 0, 0), Instant.EPOCH,
        List.of(), List.of());
  }

  private static String card(String page, String kpi) {
    Matcher value = Pattern.compile("data-kpi=\"" + kpi + "\">.*?<div class=\"value\">(.*?)</div>")
        .matcher(page);
    assertTrue(value.find(), kpi);
    return value.group(1);
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertTrue(from >= 0, start);
    from += start.length();
    return text.substring(from, text.indexOf(end, from));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
