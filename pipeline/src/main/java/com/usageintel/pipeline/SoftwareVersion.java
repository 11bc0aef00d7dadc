package com.usageintel.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project version, filled in by Maven at build time; recorded with every run. */
public final class SoftwareVersion {
  private SoftwareVersion() {}

  public static String get() {
    try (InputStream in = SoftwareVersion.class.getResourceAsStream("/usage-intel-version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
