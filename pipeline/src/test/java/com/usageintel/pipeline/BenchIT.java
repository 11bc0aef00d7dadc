package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.usageintel.pipeline.bench.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code usage-intel bench --incremental} end to end on tiny inputs, as a user runs it from the
 * jar: the base is loaded, the new rows go onto a copy of it and onto an empty database, and the
 * events published add up across the three databases.
 */
class BenchIT {
  @TempDir Path work;

  @Test
  void newRowsGoOntoACopyOfTheLoadedBaseAndEveryEventIsAccountedFor() throws Exception {
    Path out = work.resolve("bench");
    // The generator is prefix-stable: with the base's seed, the 600 new rows begin with the base's
    // 400, so some of their events are loaded already and the others are new.
    JarRun bench = JarRun.startCommand(work, "bench", "bench", "--rows=300", "--repeats=1",
        "--variants=direct", "--incremental", "--incrementalBaseRows=400",
        "--incrementalNewRows=600", "--newRowsSeed=42", "--out=" + out).await();
    assertEquals(0, bench.exitCode(), bench.describe());

    JsonNode samples = new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("samples");
    long base = outputRows(samples, Sample.INCREMENTAL_BASE);
    long onEmpty = outputRows(samples, Sample.INCREMENTAL_ON_EMPTY);
    JsonNode onto = sample(samples, Sample.INCREMENTAL_ONTO_BASE);
    long alreadyLoaded = onto.get("rowsAlreadyLoaded").asLong();
    long ontoRows = onto.get("outputRows").asLong();
    assertTrue(0 < alreadyLoaded && alreadyLoaded < onEmpty, bench.describe());
    assertTrue(ontoRows > base, bench.describe());
    assertEquals(base + onEmpty - alreadyLoaded, ontoRows, bench.describe());
    assertTrue(Files.readString(out.resolve("results.md")).contains("## Incremental load"));
  }

  private static long outputRows(JsonNode samples, String scenario) {
    return sample(samples, scenario).get("outputRows").asLong();
  }

  private static JsonNode sample(JsonNode samples, String scenario) {
    for (JsonNode sample : samples) {
      if (sample.get("scenario").asText().equals(scenario)) {
        return sample;
      }
    }
    throw new AssertionError("no sample of scenario '" + scenario + "' in " + samples);
  }
}
