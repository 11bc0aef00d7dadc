package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.usageintel.pipeline.bench.Sample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code usage-intel bench --incremental} end to end on tiny inputs, as a user runs it from the
 * jar, for both shapes: the base is loaded, the new rows go onto a copy of it and onto an empty
 * database, and the events published add up across the three databases.
 */
class BenchIT {
  @TempDir Path work;

  @Test
  void newRowsGoOntoACopyOfTheLoadedBaseAndEveryEventIsAccountedForInBothShapes() throws Exception {
    Path out = work.resolve("bench");
    // Spread: the generator is prefix-stable, so with the base's seed the 600 new rows begin with
    // the base's 400: some of their events are loaded already and the others are new.
    // Daily: the base holds the days up to a cut-off, the new rows the days after it and late
    // events of the base's last week: none of them is loaded yet.
    JarRun bench = JarRun.startCommand(work, "bench", "bench", "--rows=300", "--repeats=1",
        "--variants=direct", "--incremental", "--incrementalBaseRows=400",
        "--incrementalNewRows=600", "--newRowsSeed=42", "--out=" + out).await();
    assertEquals(0, bench.exitCode(), bench.describe());
    JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    JsonNode samples = results.get("samples");

    long spreadAlreadyLoaded = assertEventsAddUp(samples, "spread", bench);
    assertTrue(spreadAlreadyLoaded > 0, bench.describe());

    long dailyAlreadyLoaded = assertEventsAddUp(samples, "daily", bench);
    assertEquals(0, dailyAlreadyLoaded, bench.describe());
    // The daily base is its own input, up to the cut-off, not the spread base of the whole calendar.
    JsonNode daily = results.get("incrementalShapes").get("daily");
    JsonNode spread = results.get("incrementalShapes").get("spread");
    assertNotEquals(spread.get("baseInput").asText(), daily.get("baseInput").asText());
    Matcher baseDays = Pattern.compile("base: .* on 2025-07-01 to (\\S+) ").matcher(daily.get("description").asText());
    assertTrue(baseDays.find(), daily.toString());
    LocalDate cutOff = LocalDate.parse(baseDays.group(1));
    LocalDate lastBaseDay = lastDay(out.resolve("inputs").resolve(daily.get("baseInput").asText()));
    assertTrue(cutOff.isBefore(LocalDate.of(2025, 10, 31)), daily.toString());
    assertTrue(!lastBaseDay.isAfter(cutOff) && lastBaseDay.isAfter(cutOff.minusDays(7)), lastBaseDay + " " + daily);

    String markdown = Files.readString(out.resolve("results.md"));
    assertTrue(markdown.contains("## Incremental load"), markdown);
    assertTrue(markdown.contains("| daily | product, Direct runner |"), markdown);
    assertTrue(markdown.contains("| spread | product, Direct runner |"), markdown);
  }

  /**
   * The events onto the base are the base's plus the new rows' on an empty database, less those
   * the base held already; returns how many it held.
   */
  private static long assertEventsAddUp(JsonNode samples, String shape, JarRun bench) {
    long base = sample(samples, Sample.INCREMENTAL_BASE, shape).get("outputRows").asLong();
    long onEmpty = sample(samples, Sample.INCREMENTAL_ON_EMPTY, shape).get("outputRows").asLong();
    JsonNode onto = sample(samples, Sample.INCREMENTAL_ONTO_BASE, shape);
    long alreadyLoaded = onto.get("rowsAlreadyLoaded").asLong();
    long ontoRows = onto.get("outputRows").asLong();
    assertTrue(base > 0 && onEmpty > 0, shape + ": " + bench.describe());
    assertTrue(alreadyLoaded < onEmpty, shape + ": " + bench.describe());
    assertTrue(ontoRows > base, shape + ": " + bench.describe());
    assertEquals(base + onEmpty - alreadyLoaded, ontoRows, shape + ": " + bench.describe());
    return alreadyLoaded;
  }

  /** The latest day of a generated file's timestamps in the usual form, which ends each line. */
  private static LocalDate lastDay(Path csv) throws Exception {
    Pattern usual = Pattern.compile(".*,(\\d{4}-\\d{2}-\\d{2}) \\d{2}:\\d{2}:\\d{2}\\.\\d{6}");
    LocalDate last = null;
    for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
      Matcher matcher = usual.matcher(line);
      if (matcher.matches()) {
        LocalDate day = LocalDate.parse(matcher.group(1));
        last = last == null || day.isAfter(last) ? day : last;
      }
    }
    assertNotNull(last, "no usual timestamps in " + csv);
    return last;
  }

  private static JsonNode sample(JsonNode samples, String scenario, String shape) {
    for (JsonNode sample : samples) {
      if (sample.get("scenario").asText().equals(scenario) && sample.get("shape").asText().equals(shape)) {
        return sample;
      }
    }
    throw new AssertionError("no sample of scenario '" + scenario + "' and shape " + shape + " in " + samples);
  }
}
