package com.usageintel.pipeline.report;

import com.usageintel.pipeline.JarResource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

/** The parts of the dashboard shipped in the jar: its template, its script, and ECharts from its webjar. */
final class DashboardResources {
  private static final String RESOURCES = "/com/usageintel/pipeline/report/";
  private static final String ECHARTS_WEBJAR = "/META-INF/resources/webjars/echarts/";
  private static final String ECHARTS_POM =
      "/META-INF/maven/org.webjars.npm/echarts/pom.properties";

  private DashboardResources() {}

  static String template() {
    return JarResource.text(RESOURCES + "dashboard.html");
  }

  static String dashboardScript() {
    return scriptText(RESOURCES + "dashboard.js");
  }

  static String echarts(String version) {
    return scriptText(ECHARTS_WEBJAR + version + "/dist/echarts.min.js");
  }

  static String echartsVersion() {
    try (InputStream in = DashboardResources.class.getResourceAsStream(ECHARTS_POM)) {
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
    String text = JarResource.text(path);
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("</script") || lower.contains("<!--")) {
      throw new IllegalStateException(path + " cannot be inlined in a <script> element");
    }
    return text;
  }
}
