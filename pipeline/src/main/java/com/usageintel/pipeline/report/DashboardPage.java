package com.usageintel.pipeline.report;

import static com.usageintel.pipeline.report.Html.escape;

import com.usageintel.pipeline.report.ReportData.DataQuality;
import com.usageintel.pipeline.report.ReportData.DailyKpi;
import com.usageintel.pipeline.report.ReportData.DaysActiveCount;
import com.usageintel.pipeline.report.ReportData.DaysActiveMonth;
import com.usageintel.pipeline.report.ReportData.FieldIssue;
import com.usageintel.pipeline.report.ReportData.Kpis;
import com.usageintel.pipeline.report.ReportData.ReasonCount;
import com.usageintel.pipeline.report.ReportData.UsageCount;
import com.usageintel.pipeline.report.ReportData.VersionStability;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard as one self-contained HTML page: KPI cards and tables written here, charts drawn
 * in the browser by Apache ECharts (inlined from its webjar) from the data as JSON. The page's
 * Content-Security-Policy allows no network and only its own two scripts, by hash.
 */
public final class DashboardPage {
  private static final String RESOURCES = "/com/usageintel/pipeline/report/";
  private static final String ECHARTS_WEBJAR = "/META-INF/resources/webjars/echarts/";
  private static final String ECHARTS_POM =
      "/META-INF/maven/org.webjars.npm/echarts/pom.properties";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

  /**
   * A version whose error rate rests on fewer events with a known error flag than this is drawn
   * apart from its OS's line, and does not set the chart's scale: three events at 33% would.
   */
  public static final long MIN_KNOWN_FLAG_EVENTS = 30;

  /** What the charts need, with dates as ISO text. */
  record ChartData(
      List<String> dates,
      List<Long> events,
      List<Long> dau,
      List<Double> dau7dAvg,
      List<BigDecimal> errorRatePct,
      List<AnomalyPoint> fleetAnomalies,
      List<RetentionPoint> retention,
      List<AdoptionPoint> adoption,
      List<DaysActiveCount> daysActive,
      List<UsageCount> features,
      long minKnownFlagEvents,
      List<VersionStability> versions,
      List<UsageCount> regions,
      List<UsageCount> vehicles) {}

  record AnomalyPoint(
      String date, String metric, BigDecimal value, BigDecimal baselineMedian, BigDecimal robustZ) {}

  record RetentionPoint(
      String cohortWeekStart,
      int weeksSince,
      long cohortUsers,
      long retainedUsers,
      BigDecimal retentionPct) {}

  record AdoptionPoint(
      String feature, String date, long adopters, long usersToDate, BigDecimal adoptionPct) {}

  private DashboardPage() {}

  public static String render(ReportData data, Instant generatedAt) {
    String echartsVersion = echartsVersion();
    String echarts = scriptText(ECHARTS_WEBJAR + echartsVersion + "/dist/echarts.min.js");
    String dashboardScript = scriptText(RESOURCES + "dashboard.js");
    Map<String, String> values = new HashMap<>();
    values.put("contentSecurityPolicy", contentSecurityPolicy(echarts, dashboardScript));
    values.put("period", escape(period(data)));
    values.put("generatedAt", escape(HumanFormat.instant(generatedAt)));
    values.put("kpiCards", kpiCards(data));
    values.put("daysActiveCaption", escape(daysActiveCaption(data.daysActive())));
    values.put("minKnownFlagEvents", HumanFormat.count(MIN_KNOWN_FLAG_EVENTS));
    values.put("versionTable", versionTable(data.versions()));
    values.put("dataQuality", dataQuality(data.dataQuality()));
    values.put("echartsVersion", escape(echartsVersion));
    values.put("chartData", Html.scriptJson(chartData(data)));
    values.put("echarts", echarts);
    values.put("dashboardScript", dashboardScript);
    return fill(resource(RESOURCES + "dashboard.html"), values);
  }

  /** One pass over the template: inserted values are never searched for placeholders. */
  private static String fill(String template, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder page = new StringBuilder(template.length() + 1_100_000);
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalStateException("dashboard.html: no value for " + matcher.group());
      }
      matcher.appendReplacement(page, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(page);
    return page.toString();
  }

  private static String period(ReportData data) {
    if (data.period().first() == null) {
      return "no events loaded";
    }
    long days = ChronoUnit.DAYS.between(data.period().first(), data.period().last()) + 1;
    return HumanFormat.date(data.period().first()) + " to " + HumanFormat.date(data.period().last())
        + " (" + HumanFormat.count(days) + (days == 1 ? " day)" : " days)");
  }

  private static String daysActiveCaption(DaysActiveMonth month) {
    if (month.monthStart() == null) {
      return "No events loaded.";
    }
    return month.monthStart().format(MONTH) + ", the last month with events: "
        + HumanFormat.count(month.users()) + " active users, by the number of distinct days"
        + " each was active.";
  }

  private static String kpiCards(ReportData data) {
    Kpis k = data.kpis();
    return String.join("\n",
        card("events", "Total events", HumanFormat.count(k.events()),
            "loaded events, duplicates and rejected rows excluded"),
        card("users", "Active users", HumanFormat.count(k.users()),
            "distinct users over the period, not a sum of daily DAUs"),
        card("errors", "Errors", HumanFormat.count(k.errorEvents()),
            "of " + HumanFormat.count(k.knownFlagEvents()) + " events with a known error flag"),
        card("error-rate", "Error rate", HumanFormat.percent(k.errorRatePct(), 2),
            "errors / events with a known error flag"),
        card("avg-session", "Average session", HumanFormat.minutes(k.avgSessionMinutes()),
            "m:ss, mean of " + HumanFormat.count(k.sessionCount()) + " known durations"));
  }

  private static String card(String id, String label, String value, String note) {
    return "<div class=\"kpi\" data-kpi=\"" + id + "\"><div class=\"label\">" + escape(label)
        + "</div><div class=\"value\">" + escape(value) + "</div><div class=\"sub\">"
        + escape(note) + "</div></div>";
  }

  private static String versionTable(List<VersionStability> versions) {
    if (versions.isEmpty()) {
      return "<p class=\"muted\">No numbered app version in the loaded events.</p>";
    }
    StringBuilder table = new StringBuilder("<table id=\"version-table\"><thead><tr>"
        + "<th>OS</th><th>version</th><th class=\"num\">events</th><th class=\"num\">users</th>"
        + "<th class=\"num\">error rate</th><th>previous</th><th class=\"num\">its rate</th>"
        + "<th class=\"num\">change</th><th class=\"num\">z</th><th></th></tr></thead><tbody>");
    for (VersionStability v : versions) {
      table.append(v.regression() ? "<tr class=\"regression\">" : "<tr>")
          .append(cell(v.osType())).append(cell(v.appVersion()))
          .append(numberCell(HumanFormat.count(v.events())))
          .append(numberCell(HumanFormat.count(v.users())))
          .append(numberCell(HumanFormat.percent(v.errorRatePct(), 2)))
          .append(cell(v.prevAppVersion() == null ? HumanFormat.NONE : v.prevAppVersion()))
          .append(numberCell(HumanFormat.percent(v.prevErrorRatePct(), 2)))
          .append(numberCell(HumanFormat.points(v.diffPp())))
          .append(numberCell(HumanFormat.decimal(v.zScore(), 2)))
          .append(v.regression() ? "<td><span class=\"badge\">regression</span></td>" : "<td></td>")
          .append("</tr>");
    }
    return table.append("</tbody></table>").toString();
  }

  private static String dataQuality(DataQuality dq) {
    StringBuilder html = new StringBuilder();
    html.append("<h2>Data quality of the last run</h2><p class=\"note\">Run ")
        .append(dq.run().runId()).append(", finished ")
        .append(escape(HumanFormat.instant(dq.finishedAt())))
        .append(". Every input row is accounted for:</p><p class=\"accounting\" id=\"accounting\">")
        .append(escape(dq.run().describe())).append("</p>");

    html.append("<h3>Rows rejected, by reason</h3>");
    if (dq.rejectsByReason().isEmpty()) {
      html.append("<p class=\"muted\">No row was rejected.</p>");
    } else {
      html.append("<p class=\"note\">A row rejected for several reasons counts under each.</p>")
          .append(table("rejects-table", List.of("reason", "rows"), dq.rejectsByReason(),
              r -> cell(r.reason()) + numberCell(HumanFormat.count(r.rows()))));
    }

    List<FieldIssue> unmapped = dq.fieldIssues().stream().filter(FieldIssue::unmapped).toList();
    html.append("<h3>Unmapped values</h3>");
    if (unmapped.isEmpty()) {
      html.append("<p class=\"muted\">Every categorical value matched the reference data.</p>");
    } else {
      html.append("<p class=\"note\">Kept as their own members; extend the reference data to map"
              + " them.</p>")
          .append(table("unmapped-table", List.of("field", "rows", "first values"), unmapped,
              i -> cell(i.field()) + numberCell(HumanFormat.count(i.count())) + samples(i)));
    }

    List<FieldIssue> others = dq.fieldIssues().stream().filter(i -> !i.unmapped()).toList();
    html.append("<h3>Other field issues</h3>");
    if (others.isEmpty()) {
      html.append("<p class=\"muted\">None.</p>");
    } else {
      html.append("<p class=\"note\">Values cleaned to NULL or Unknown, capped, or missing.</p>")
          .append(table("issues-table", List.of("field", "issue", "rows", "first values"), others,
              i -> cell(i.field()) + cell(i.issueCode()) + numberCell(HumanFormat.count(i.count()))
                  + samples(i)));
    }
    return html.toString();
  }

  private static <T> String table(
      String id, List<String> headings, List<T> rows, Function<T, String> cells) {
    StringBuilder table = new StringBuilder("<table id=\"" + id + "\"><thead><tr>");
    for (String heading : headings) {
      table.append(heading.equals("rows") ? "<th class=\"num\">" : "<th>")
          .append(escape(heading)).append("</th>");
    }
    table.append("</tr></thead><tbody>");
    rows.forEach(row -> table.append("<tr>").append(cells.apply(row)).append("</tr>"));
    return table.append("</tbody></table>").toString();
  }

  private static String samples(FieldIssue issue) {
    StringBuilder cell = new StringBuilder("<td>");
    for (String sample : issue.sampleValues()) {
      cell.append("<code>").append(escape(sample)).append("</code> ");
    }
    return cell.append("</td>").toString();
  }

  private static String cell(String text) {
    return "<td>" + escape(text) + "</td>";
  }

  private static String numberCell(String text) {
    return "<td class=\"num\">" + escape(text) + "</td>";
  }

  private static ChartData chartData(ReportData data) {
    return new ChartData(
        data.daily().stream().map(d -> d.date().toString()).toList(),
        data.daily().stream().map(DailyKpi::events).toList(),
        data.daily().stream().map(DailyKpi::dau).toList(),
        data.daily().stream().map(DailyKpi::dau7dAvg).toList(),
        data.daily().stream().map(DailyKpi::errorRatePct).toList(),
        data.fleetAnomalies().stream().map(a -> new AnomalyPoint(a.date().toString(), a.metric(),
            a.value(), a.baselineMedian(), a.robustZ())).toList(),
        data.retention().stream().map(r -> new RetentionPoint(r.cohortWeekStart().toString(),
            r.weeksSince(), r.cohortUsers(), r.retainedUsers(), r.retentionPct())).toList(),
        data.adoption().stream().map(a -> new AdoptionPoint(a.feature(), a.date().toString(),
            a.adopters(), a.usersToDate(), a.adoptionPct())).toList(),
        data.daysActive().counts(),
        data.features(),
        MIN_KNOWN_FLAG_EVENTS,
        data.versions(),
        data.regions(),
        data.vehicles());
  }

  /** No network at all; scripts only by the hash of the two this page carries. */
  private static String contentSecurityPolicy(String... scripts) {
    StringBuilder hashes = new StringBuilder();
    for (String script : scripts) {
      hashes.append(" 'sha256-").append(sha256Base64(script)).append('\'');
    }
    return "default-src 'none'; script-src" + hashes + "; style-src 'unsafe-inline'; img-src data:";
  }

  private static String sha256Base64(String text) {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String echartsVersion() {
    try (InputStream in = DashboardPage.class.getResourceAsStream(ECHARTS_POM)) {
      if (in == null) {
        throw new IllegalStateException("the ECharts webjar is missing from the classpath");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + ECHARTS_POM, e);
    }
  }

  /** A script to inline; one that could end its element early is refused rather than broken. */
  private static String scriptText(String path) {
    String text = resource(path);
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("</script") || lower.contains("<!--")) {
      throw new IllegalStateException(path + " cannot be inlined in a <script> element");
    }
    return text;
  }

  private static String resource(String path) {
    try (InputStream in = DashboardPage.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }
}
