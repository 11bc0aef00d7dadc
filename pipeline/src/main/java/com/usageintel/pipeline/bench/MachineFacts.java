package com.usageintel.pipeline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What the bench ran on, for the head of its results: CPU, memory (from Linux's /proc), OS and versions. */
final class MachineFacts {
  private MachineFacts() {}

  /** The facts in the order results.md lists them; {@code postgresVersion} is the server's {@code version()}. */
  static Map<String, String> of(String postgresVersion) throws IOException {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("CPU", procField("/proc/cpuinfo", "model name").orElse("unknown"));
    facts.put("cores (available to the JVM)", Integer.toString(Runtime.getRuntime().availableProcessors()));
    facts.put("memory", procField("/proc/meminfo", "MemTotal")
        .map(kb -> String.format(Locale.ROOT, "%.1f GiB",
            Long.parseLong(kb.replace("kB", "").strip()) / 1048576.0))
        .orElse("unknown"));
    facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    facts.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    facts.put("PostgreSQL", postgresVersion);
    facts.put("Apache Beam", org.apache.beam.sdk.util.ReleaseInfo.getReleaseInfo().getVersion());
    facts.put("Apache Flink", org.apache.flink.runtime.util.EnvironmentInformation.getVersion());
    return facts;
  }

  /** The value of the first "name : value" line of a /proc file. */
  private static Optional<String> procField(String file, String name) throws IOException {
    for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
        return Optional.of(line.substring(colon + 1).strip());
      }
    }
    return Optional.empty();
  }
}
