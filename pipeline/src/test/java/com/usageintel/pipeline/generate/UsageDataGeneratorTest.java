package com.usageintel.pipeline.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageDataGeneratorTest {
  private static final String EXPECTED_HEADER =
      "user_id,region,vehicle_model,feature_name,session_duration_min,error_flag,feedback_rating,"
          + "app_version,os_type,subscription_status,feature_used_at";

  @Test
  void sameSeedGivesTheSameBytesAndAnotherSeedDifferentOnes() throws IOException {
    byte[] first = generate(20_000, 7, 2);
    byte[] again = generate(20_000, 7, 2);
    byte[] otherSeed = generate(20_000, 8, 2);

    assertArrayEquals(first, again);
    assertFalse(Arrays.equals(first, otherSeed));
  }

  @Test
  void bytesDoNotDependOnTheThreadCount() throws IOException {
    long rowsOverThreeChunks = 2L * ChunkGenerator.ROWS_PER_CHUNK + 1_234;

    assertArrayEquals(generate(rowsOverThreeChunks, 42, 1), generate(rowsOverThreeChunks, 42, 3));
  }

  @Test
  void writesTheHeaderThenExactlyTheRequestedRowsOfElevenFields() throws IOException {
    for (long rows : new long[] {0, 1, 999, ChunkGenerator.ROWS_PER_CHUNK + 1}) {
      byte[] csv = generate(rows, 3, 2);
      List<CSVRecord> records = RawCsv.parse(csv);

      assertEquals(EXPECTED_HEADER + "\n", firstLine(csv));
      assertEquals(rows, records.size(), "data rows for " + rows + " requested");
      records.forEach(record -> assertEquals(11, record.size(), "fields on line " + record.getRecordNumber()));
    }
  }

  @Test
  void endsEveryLineWithLfOnly() throws IOException {
    assertFalse(new String(generate(5_000, 3, 2), StandardCharsets.UTF_8).contains("\r"));
  }

  @Test
  void writesGzipWhenTheFileNameEndsInGz(@TempDir Path directory) throws IOException {
    Path plain = directory.resolve("nested/usage.csv");
    Path compressed = directory.resolve("usage.csv.gz");
    UsageDataGenerator generator = new UsageDataGenerator(2);

    generator.generate(3_000, 11, plain);
    generator.generate(3_000, 11, compressed);

    try (InputStream in = new GZIPInputStream(Files.newInputStream(compressed))) {
      assertArrayEquals(Files.readAllBytes(plain), in.readAllBytes());
    }
  }

  @Test
  void theCommittedSampleIsWhatSeed42Gives() throws IOException {
    Path sample = Path.of("..", "data", "connected_vehicle_usage_unclean.csv");

    assertArrayEquals(
        Files.readAllBytes(sample),
        generate(52_000, 42, 2),
        "after changing the generator, regenerate the sample as data/README.md says");
  }

  @Test
  void rejectsANegativeRowCount() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new UsageDataGenerator(1).generate(-1, 42, new ByteArrayOutputStream()));
  }

  private static byte[] generate(long rows, long seed, int threads) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UsageDataGenerator(threads).generate(rows, seed, out);
    return out.toByteArray();
  }

  private static String firstLine(byte[] csv) {
    String text = new String(csv, StandardCharsets.UTF_8);
    return text.substring(0, text.indexOf('\n') + 1);
  }
}
