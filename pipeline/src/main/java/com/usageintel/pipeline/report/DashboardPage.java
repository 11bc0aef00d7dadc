package com.usageintel.pipeline.report;

import static com.usageintel.pipeline.report.Html.escape;

import com.usageintel.pipeline.report.ReportData.DaysActiveMonth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard as one self-contained HTML page: KPI cards and tables written here, charts drawn
 * in the browser by Apache ECharts (inlined from its webjar) from the data as JSON. The page's
 * Content-Security-Policy allows no network and only its own two scripts, by hash.
 */
public final class DashboardPage {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

  /**
   * A version whose error rate rests on fewer events with a known error flag than this is drawn
   * apart from its OS's line, and does not set the chart's scale: three events at 33% would.
   */
  public static final long MIN_KNOWN_FLAG_EVENTS = 30;

  private DashboardPage() {}

  public static String render(ReportData data, Instant generatedAt) {
    String echartsVersion = DashboardResources.echartsVersion();
    String echarts = DashboardResources.echarts(echartsVersion);
    String dashboardScript = DashboardResources.dashboardScript();
    Map<String, String> values = new HashMap<>();
    values.put("contentSecurityPolicy", contentSecurityPolicy(echarts, dashboardScript));
    values.put("period", escape(period(data)));
    values.put("generatedAt", escape(HumanFormat.instant(generatedAt)));
    values.put("kpiCards", DashboardSections.kpiCards(data));
    values.put("daysActiveCaption", escape(daysActiveCaption(data.daysActive())));
    values.put("minKnownFlagEvents", HumanFormat.count(MIN_KNOWN_FLAG_EVENTS));
    values.put("versionTable", DashboardSections.versionTable(data.versions()));
    values.put("dataQuality", DashboardSections.dataQuality(data.dataQuality()));
    values.put("echartsVersion", escape(echartsVersion));
    values.put("chartData", Html.scriptJson(ChartData.of(data, MIN_KNOWN_FLAG_EVENTS)));
    values.put("echarts", echarts);
    values.put("dashboardScript", dashboardScript);
    return fill(DashboardResources.template(), values);
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
}
