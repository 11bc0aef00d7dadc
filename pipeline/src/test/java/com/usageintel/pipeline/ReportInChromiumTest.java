package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.generate.UsageDataGenerator;
import com.usageintel.pipeline.report.DashboardPage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import picocli.CommandLine;

/**
 * The report command's page in a real headless Chromium (Debian's chromium and chromedriver,
 * driven by Selenium; no browser is downloaded): it loads without a console error, every chart
 * draws, the KPI cards say what the database says, and values from the CSV that look like markup
 * or script stay text, in tables and in chart tooltips. The page and a full-page screenshot are
 * kept in target/ as build artefacts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportInChromiumTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path PAGE = Path.of("target", "usage-report.html");
  private static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");

  /** Unmapped members keep their spelling, so a CSV can name a region like this. */
  private static final String SCRIPT_REGION = "</script><script>alert(1)</script>";
  private static final String IMG_VEHICLE = "<img src=x onerror=window.__injected=1>";
  private static final String FORMULA_FEATURE = "=HYPERLINK(\"x\")";
  private static final String BOLD_OS = "<b>OS</b>";

  private static final List<String> CHARTS = List.of("chart-dau", "chart-events",
      "chart-error-rate", "chart-retention", "chart-adoption", "chart-days-active",
      "chart-features", "chart-regions", "chart-vehicles", "chart-versions");

  /** A chart's option as ECharts holds it once drawn; the chart's id is arguments[0]. */
  private static final String OPTION = "var chart = echarts.getInstanceByDom("
      + "document.getElementById(arguments[0])), option = chart.getOption();"
      + " function series(id) { return option.series.find(function (s) { return s.id === id; }); }";

  /** The fact's events with their day, for values worked out again from the events. */
  private static final String EVENTS =
      "(select f.*, d.calendar_date from fact_feature_usage f join dim_date d using (date_sk)) e";

  @TempDir static Path dir;

  private static String db;
  private static ChromeDriverService driverService;
  private static ChromeDriver browser;

  @BeforeAll
  static void renderTheReportAndOpenIt() throws IOException {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "this test needs Debian's Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
            + ": apt-get install chromium chromium-driver (.ci/run installs them)");
    Path inputs = Files.createDirectories(dir.resolve("inputs"));
    new UsageDataGenerator(1).generate(2_000, 11, inputs.resolve("generated.csv"));
    Files.writeString(inputs.resolve("hostile.csv"), String.join("\n", LoadRunTest.HEADER,
        "UX1," + SCRIPT_REGION + "," + IMG_VEHICLE + "," + FORMULA_FEATURE
            + ",10,1,4,5.9," + BOLD_OS + ",active,2025-07-15 10:00:00",
        "UX2," + SCRIPT_REGION + "," + IMG_VEHICLE + "," + FORMULA_FEATURE
            + ",12,0,4,5.10," + BOLD_OS + ",active,2025-07-16 10:00:00") + "\n",
        StandardCharsets.UTF_8);
    db = TestDatabase.freshDatabase();
    TestRuns.load(db, inputs.resolve("*.csv"));

    StringWriter err = new StringWriter();
    CommandLine commandLine = UsageIntel.commandLine();
    commandLine.setOut(new PrintWriter(Writer.nullWriter()));
    commandLine.setErr(new PrintWriter(err, true));
    assertEquals(0, commandLine.execute("report", "--jdbcUrl=" + db, "--output=" + PAGE),
        err.toString());

    // The driver path is given, so Selenium Manager never looks for (or downloads) a driver.
    driverService = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withLogOutput(OutputStream.nullOutputStream())
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    browser = new ChromeDriver(driverService, options);
    browser.get(PAGE.toAbsolutePath().toUri().toString());
  }

  @AfterAll
  static void closeTheBrowserAndDropTheDatabase() {
    if (browser != null) {
      browser.quit();
    }
    if (driverService != null) {
      driverService.stop();
    }
    if (db != null) {
      TestDatabase.drop(db);
    }
  }

  @Test
  @Order(1)
  void kpiCardsSayWhatTheDatabaseSays() {
    // Worked out again from the loaded events (stg_feature_usage) and formatted by PostgreSQL.
    List<String> expected = TestDatabase.rows(db,
        "with k as (select count(*) as events, count(distinct user_id) as users,"
            + " count(*) filter (where error_flag = 1) as errors,"
            + " round(100.0 * count(*) filter (where error_flag = 1) / count(error_flag), 2) as rate,"
            + " round(60 * avg(session_duration_min))::bigint as seconds from stg_feature_usage)"
            + " select to_char(events, 'FM999,999,990'), to_char(users, 'FM999,999,990'),"
            + " to_char(errors, 'FM999,999,990'), to_char(rate, 'FM990.00') || '%',"
            + " seconds / 60 || ':' || lpad((seconds % 60)::text, 2, '0') from k").get(0);

    assertEquals(expected, List.of(card("events"), card("users"), card("errors"),
        card("error-rate"), card("avg-session")));
    // 2,000 generated rows load about 1,900 events: the thousands separator shows.
    assertTrue(card("events").matches("\\d,\\d{3}"), card("events"));
  }

  @Test
  @Order(2)
  void everyChartHasDrawnItsData() {
    // Per chart: the pixels its canvas has painted, and the data points its series hold.
    @SuppressWarnings("unchecked")
    List<List<Number>> drawn = (List<List<Number>>) browser.executeScript(
        "return arguments[0].map(function (id) {"
            + "  var el = document.getElementById(id), canvas = el.querySelector('canvas');"
            + "  if (!canvas || canvas.width === 0 || canvas.height === 0) { return [0, 0]; }"
            + "  var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;"
            + "  var painted = 0;"
            + "  for (var i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) { painted++; } }"
            + "  var points = echarts.getInstanceByDom(el).getOption().series.reduce(function (n, s) {"
            + "    return n + s.data.filter(function (d) { return d !== '-'; }).length; }, 0);"
            + "  return [painted, points];"
            + "});", CHARTS);
    for (int chart = 0; chart < CHARTS.size(); chart++) {
      assertTrue(drawn.get(chart).get(0).longValue() > 5_000 && drawn.get(chart).get(1).longValue() > 0,
          CHARTS.get(chart) + " painted " + drawn.get(chart).get(0) + " pixels for "
              + drawn.get(chart).get(1) + " data points");
    }
    // The DAU line has a point per day of agg_kpi_daily; the regression rows are highlighted.
    assertEquals(TestDatabase.rows(db, "select count(*) from agg_kpi_daily").get(0).get(0),
        String.valueOf(browser.executeScript("return echarts.getInstanceByDom("
            + "document.getElementById('chart-dau')).getOption().series[1].data.length")));
    assertEquals(TestDatabase.rows(db,
            "select count(*) from agg_app_version_stability where is_regression").get(0).get(0),
        String.valueOf(browser.findElements(By.cssSelector("#version-table tr.regression")).size()));
  }

  @Test
  @Order(3)
  void theDailyChartsMarkTheFleetsAnomaliesAndShowTheDailyKpis() {
    int marked = 0;
    for (List<String> chart : List.of(List.of("chart-dau", "dau"), List.of("chart-events", "events"),
        List.of("chart-error-rate", "error_rate_pct"))) {
      // The days the chart marks, with the value it marks them at.
      List<String> page = strings(OPTION
          + "var days = option.xAxis[0].data, out = [];"
          + "series('anomalies').data.forEach(function (d, i) {"
          + "  if (d !== '-') { out.push(days[i] + ' ' + d.value); } });"
          + "return out;", chart.get(0));
      List<String> database = TestDatabase.rows(db, "select anomaly_date, metric_value"
              + " from agg_anomaly_daily where is_fleet and is_anomaly and metric = '"
              + chart.get(1) + "' order by anomaly_date").stream()
          .map(row -> row.get(0) + " " + number(row.get(1))).toList();
      assertEquals(database, page.stream().map(ReportInChromiumTest::normalised).toList(),
          chart.get(0));
      marked += page.size();
    }
    // The generated days have at least one anomaly, so the comparisons above are not all empty.
    assertTrue(marked > 0, "no anomaly marked");

    // Events and the error rate per day, as agg_kpi_daily has them ("-": no known flag that day).
    assertEquals(
        TestDatabase.rows(db, "select kpi_date, events, coalesce(error_rate_pct::text, '-')"
                + " from agg_kpi_daily order by kpi_date").stream()
            .map(row -> row.get(0) + " " + row.get(1) + " " + number(row.get(2))).toList(),
        strings(OPTION
            + "var days = option.xAxis[0].data, events = series('events').data;"
            + "var rates = echarts.getInstanceByDom(document.getElementById(arguments[1]))"
            + "  .getOption().series.find(function (s) { return s.id === 'errorRate'; }).data;"
            + "return days.map(function (day, i) { return day + ' ' + events[i] + ' ' + rates[i]; });",
            "chart-events", "chart-error-rate").stream()
            .map(ReportInChromiumTest::normalised).toList());
  }

  @Test
  @Order(4)
  void theRetentionHeatMapShowsEveryCellOfTheTable() {
    // Each cell as drawn: its row's cohort, its column's week, its value.
    List<String> page = strings(OPTION
        + "return series('retention').data.map(function (d) {"
        + "  return option.yAxis[0].data[d.value[1]] + ' ' + option.xAxis[0].data[d.value[0]]"
        + "    + ' ' + d.value[2]; });", "chart-retention");
    List<String> table = TestDatabase.rows(db, "select cohort_week_start, weeks_since, retention_pct"
            + " from agg_retention_weekly order by cohort_week_start, weeks_since").stream()
        .map(row -> row.get(0) + " " + row.get(1) + " " + number(row.get(2))).toList();
    assertEquals(table, page.stream().map(ReportInChromiumTest::normalised).toList());

    // The first cohort's week 1, worked out again from the events: its users active a week later.
    List<String> cell = TestDatabase.rows(db, "with firsts as (select user_sk,"
            + " date_trunc('week', min(calendar_date)::timestamp)::date as cohort from " + EVENTS
            + " group by user_sk), first_cohort as (select min(cohort) as cohort from firsts),"
            + " members as (select user_sk from firsts where cohort = (select cohort from first_cohort)),"
            + " back as (select distinct user_sk from " + EVENTS.replace(") e", ") b")
            + " where date_trunc('week', calendar_date::timestamp)::date = (select cohort + 7 from first_cohort))"
            + " select (select cohort from first_cohort),"
            + " round(100.0 * count(back.user_sk) / count(*), 2)"
            + " from members left join back using (user_sk)").get(0);
    assertTrue(page.stream().map(ReportInChromiumTest::normalised)
        .anyMatch((cell.get(0) + " 1 " + number(cell.get(1)))::equals), cell + " in " + page);
  }

  @Test
  @Order(5)
  void theAdoptionCurvesAreTheTablesAndEndAtEachFeaturesShareOfUsers() {
    // Per feature (in the chart's legend order), its curve over the days.
    List<String> page = strings(OPTION
        + "return option.series.map(function (s) {"
        + "  return s.name + ': ' + s.data.map(function (d) { return d === '-' ? '-' : d.value; })"
        + "    .join(' '); });", "chart-adoption");
    List<String> table = TestDatabase.rows(db, "select feature_name,"
            + " string_agg(trim_scale(adoption_pct)::text, ' ' order by adoption_date)"
            + " from agg_feature_adoption_daily group by feature_name order by feature_name").stream()
        .map(row -> row.get(0) + ": " + row.get(1)).toList();
    assertEquals(table, page);

    // On the last day, every user has been seen: a feature's share of all users, from the events.
    List<String> lastDay = strings(OPTION
        + "return option.series.map(function (s) { return s.name + ' ' + s.data[s.data.length - 1].value; });",
        "chart-adoption");
    List<String> fromEvents = TestDatabase.rows(db, "select feature_name,"
            + " trim_scale(round(100.0 * count(distinct user_sk)"
            + " / (select count(distinct user_sk) from fact_feature_usage), 2))"
            + " from fact_feature_usage join dim_feature using (feature_sk)"
            + " group by feature_name order by feature_name").stream()
        .map(row -> row.get(0) + " " + row.get(1)).toList();
    assertEquals(fromEvents, lastDay);
    assertTrue(lastDay.stream().anyMatch(f -> f.startsWith(FORMULA_FEATURE + " ")), lastDay.toString());
  }

  @Test
  @Order(6)
  void theDaysActiveHistogramIsTheLastMonthsAndAddsUpToItsUsers() {
    List<String> page = strings(OPTION
        + "var days = option.xAxis[0].data;"
        + "return series('daysActive').data.map(function (users, i) { return days[i] + ' ' + users; });",
        "chart-days-active");
    List<List<String>> lastMonth = TestDatabase.rows(db, "select max(date_trunc('month', calendar_date::timestamp))::date,"
        + " to_char(max(calendar_date), 'FMMonth YYYY') from " + EVENTS);
    String month = lastMonth.get(0).get(0);
    assertEquals(
        TestDatabase.rows(db, "select days_active, users from agg_days_active_monthly"
                + " where month_start = '" + month + "' order by days_active").stream()
            .map(row -> row.get(0) + " " + row.get(1)).toList(),
        page);
    // Worked out again from the events: users by their number of active days in the month.
    List<String> fromEvents = TestDatabase.rows(db, "select days, count(*) from (select user_sk,"
            + " count(distinct calendar_date) as days from " + EVENTS
            + " where date_trunc('month', calendar_date::timestamp) = '" + month + "' group by user_sk) u"
            + " group by days order by days").stream()
        .map(row -> row.get(0) + " " + row.get(1)).toList();
    assertEquals(fromEvents, page.stream().filter(bar -> !bar.endsWith(" 0")).toList());

    long users = TestDatabase.count(db, "select count(distinct user_sk) from " + EVENTS
        + " where date_trunc('month', calendar_date::timestamp) = '" + month + "'");
    assertEquals(users, page.stream().mapToLong(bar -> Long.parseLong(bar.split(" ")[1])).sum());
    String caption = browser.findElement(By.id("days-active-caption")).getText();
    assertTrue(caption.startsWith(lastMonth.get(0).get(1) + ", the last month with events: "
        + String.format(Locale.ENGLISH, "%,d", users) + " active users"), caption);
  }

  @Test
  @Order(7)
  void theVersionChartDrawsEachOsAsALineAndFewFlagVersionsApart() {
    long min = DashboardPage.MIN_KNOWN_FLAG_EVENTS;
    assertEquals(String.valueOf(min), browser.findElement(By.id("min-known-flag-events")).getText());
    // The versions along the axis, in dim_app_version's order.
    assertEquals(
        TestDatabase.rows(db, "select app_version from dim_app_version where app_version in"
                + " (select app_version from agg_app_version_stability) order by sort_order").stream()
            .map(row -> row.get(0)).toList(),
        strings(OPTION + "return option.xAxis[0].data;", "chart-versions"));

    // Each point as drawn: the series it is in, its OS, the version under it, its value.
    List<String> drawn = strings(OPTION
        + "var out = [];"
        + "option.series.forEach(function (s) {"
        + "  s.data.forEach(function (d, i) {"
        + "    if (d === '-') { return; }"
        + "    var version = Array.isArray(d.value) ? d.value[0] : option.xAxis[0].data[i];"
        + "    var value = Array.isArray(d.value) ? d.value[1] : d.value;"
        + "    out.push(s.id.replace(/:.*/, '') + ' ' + d.row.osType + ' ' + version + ' ' + value);"
        + "  });"
        + "});"
        + "return out;", "chart-versions").stream().map(ReportInChromiumTest::normalised).toList();
    double scaleMax = ((Number) browser.executeScript(OPTION
        + "return chart.getModel().getComponent('yAxis', 0).axis.scale.getExtent()[1];",
        "chart-versions")).doubleValue();

    // The scale is set by the lines' versions only: the next multiple of 5 points above them.
    double lineMax = Double.parseDouble(TestDatabase.rows(db, "select max(error_rate_pct)"
        + " from agg_app_version_stability where known_flag_events >= " + min).get(0).get(0));
    assertEquals(Math.max(5, Math.ceil(lineMax / 5) * 5), scaleMax, 1e-9);
    // The few-flag versions drive it no more: the hostile OS's v5.9 is 1 error in 1 event, 100%.
    assertTrue(TestDatabase.count(db, "select count(*) from agg_app_version_stability"
        + " where known_flag_events < " + min + " and error_rate_pct > " + scaleMax) > 0);

    String shown = "least(error_rate_pct, " + scaleMax + ")";
    assertEquals(
        versionPoints("line", "known_flag_events >= " + min, "error_rate_pct"),
        drawn.stream().filter(point -> point.startsWith("line ")).sorted().toList());
    assertEquals(
        versionPoints("apart", "known_flag_events < " + min, shown),
        drawn.stream().filter(point -> point.startsWith("apart ")).sorted().toList());
    assertEquals(
        versionPoints("regressions", "is_regression", shown),
        drawn.stream().filter(point -> point.startsWith("regressions ")).sorted().toList());
    // Per OS, as many points on its line and apart as it has versions (every one has a rate here).
    assertEquals(0, TestDatabase.count(db,
        "select count(*) from agg_app_version_stability where error_rate_pct is null"));
    assertTrue(drawn.stream().anyMatch(point -> point.startsWith("regressions ")), drawn.toString());
  }

  /** After the screenshot, which should show the page as it opens, without a tooltip. */
  @Test
  @Order(9)
  void markupFromTheCsvStaysTextInTablesAndTooltips() {
    // Every tooltip of every chart, shown one after the other, as a pointer would.
    @SuppressWarnings("unchecked")
    List<String> tooltips = (List<String>) browser.executeScript(
        "var texts = [];"
            + "arguments[0].forEach(function (id) {"
            + "  var el = document.getElementById(id), chart = echarts.getInstanceByDom(el);"
            + "  chart.getOption().series.forEach(function (series, s) {"
            + "    for (var i = 0; i < series.data.length; i++) {"
            + "      chart.dispatchAction({ type: 'showTip', seriesIndex: s, dataIndex: i });"
            + "      var tip = el.querySelector('div[style*=\"z-index\"]');"
            + "      if (tip) { texts.push(tip.textContent); }"
            + "    }"
            + "  });"
            + "});"
            + "return texts;", CHARTS);

    assertTrue(tooltips.stream().anyMatch(t -> t.contains(SCRIPT_REGION)), tooltips.toString());
    assertTrue(tooltips.stream().anyMatch(t -> t.contains(IMG_VEHICLE)), tooltips.toString());
    assertTrue(tooltips.stream().anyMatch(t -> t.contains(FORMULA_FEATURE)), tooltips.toString());
    assertTrue(tooltips.stream().anyMatch(t -> t.contains(BOLD_OS + " v5.10")), tooltips.toString());
    // Nothing became an element or ran: the page has no img or b element, and its three scripts.
    assertEquals(List.of(0L, 3L, true), browser.executeScript(
        "return [document.querySelectorAll('img, b').length, document.scripts.length,"
            + " window.__injected === undefined]"));
    assertNoAlert();
    // The unmapped values' table shows the raw values as text.
    String unmapped = browser.findElement(By.id("unmapped-table")).getText();
    assertTrue(unmapped.contains(SCRIPT_REGION) && unmapped.contains(IMG_VEHICLE)
        && unmapped.contains(BOLD_OS), unmapped);
  }

  @Test
  @Order(8)
  void aFullPageScreenshotIsKept() throws IOException {
    long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
    browser.manage().window().setSize(new Dimension(1400, (int) height));
    Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));

    assertTrue(Files.size(SCREENSHOT) > 50_000, "screenshot of " + Files.size(SCREENSHOT) + " bytes");
  }

  /** Last, so that it sees the console of everything above, tooltips included. */
  @Test
  @Order(10)
  void theConsoleHasNoError() {
    List<String> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::toString)
        .toList();
    assertEquals(List.of(), severe);
  }

  /** The points of agg_app_version_stability's rows that match {@code where}, as drawn. */
  private static List<String> versionPoints(String series, String where, String value) {
    return TestDatabase.rows(db, "select os_type, app_version, " + value
            + " from agg_app_version_stability where error_rate_pct is not null and " + where).stream()
        .map(row -> series + " " + row.get(0) + " " + row.get(1) + " " + number(row.get(2)))
        .sorted()
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(String script, Object... arguments) {
    return (List<String>) browser.executeScript(script, arguments);
  }

  /** A decimal as the page's JavaScript writes it: 12.50 → 12.5, 100.00 → 100; "-" stays. */
  private static String number(String decimal) {
    return decimal == null || decimal.equals("-")
        ? "-"
        : new BigDecimal(decimal).stripTrailingZeros().toPlainString();
  }

  /** The last space-separated word of a line, read as a number the way {@link #number} writes it. */
  private static String normalised(String line) {
    int space = line.lastIndexOf(' ');
    return line.substring(0, space + 1) + number(line.substring(space + 1));
  }

  private static String card(String kpi) {
    return browser.findElement(By.cssSelector(".kpi[data-kpi='" + kpi + "'] .value")).getText();
  }

  private static void assertNoAlert() {
    try {
      String text = browser.switchTo().alert().getText();
      throw new AssertionError("the page opened an alert: " + text);
    } catch (NoAlertPresentException expected) {
      // No script from the data ran.
    }
  }
}
