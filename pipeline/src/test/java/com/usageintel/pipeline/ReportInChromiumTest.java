package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.generate.UsageDataGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  private static final List<String> CHARTS =
      List.of("chart-dau", "chart-features", "chart-versions", "chart-regions", "chart-vehicles");

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

  /** After the screenshot, which should show the page as it opens, without a tooltip. */
  @Test
  @Order(4)
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
  @Order(3)
  void aFullPageScreenshotIsKept() throws IOException {
    long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
    browser.manage().window().setSize(new Dimension(1400, (int) height));
    Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));

    assertTrue(Files.size(SCREENSHOT) > 50_000, "screenshot of " + Files.size(SCREENSHOT) + " bytes");
  }

  /** Last, so that it sees the console of everything above, tooltips included. */
  @Test
  @Order(5)
  void theConsoleHasNoError() {
    List<String> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::toString)
        .toList();
    assertEquals(List.of(), severe);
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
