package com.usageintel.pipeline.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.usageintel.pipeline.LoadRunTest;
import com.usageintel.pipeline.PublishedTables;
import com.usageintel.pipeline.TestDatabase;
import com.usageintel.pipeline.TestRuns;
import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY into a staging table: values arrive exactly, and rows staged twice are published once. */
class CopyInBundlesTest {
  @TempDir Path dir;

  @Test
  void everyValueArrivesExactlyThroughManySmallCopies() throws SQLException {
    String db = TestDatabase.freshDatabase();
    TestDatabase.execute(db, "create table incoming_copied (run_id bigint, a text, b text)");
    List<List<String>> rows = new ArrayList<>();
    String[] awkward = {
      "plain", "", "with,comma", "with \"quotes\"", "\"", "line\nbreak", "cr\rlf\r\n",
      "back\\slash", "\\N", "NULL", " padded ", "Zürich – 東京 🚗", "tab\there", "'single'"
    };
    for (int i = 0; i < awkward.length; i++) {
      rows.add(Arrays.asList(awkward[i], i % 3 == 0 ? null : awkward[awkward.length - 1 - i]));
    }
    WarehouseColumns catalog;
    try (Connection connection = TestDatabase.connect(db)) {
      catalog = WarehouseColumns.read(connection);
    }
    BatchInsert<List<String>> copied = BatchInsert.<List<String>>into("incoming_copied", catalog, 7, "")
        .column("a", row -> row.get(0))
        .column("b", row -> row.get(1))
        .filling();

    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(TestRuns.AS_THE_COMMAND_RUNS).create());
    pipeline
        .apply(Create.of(rows).withCoder(ListCoder.of(NullableCoder.of(StringUtf8Coder.of()))))
        // A COPY every few rows: bundles flush several times.
        .apply(CopyInBundles.into(copied, PostgresDataSource.of(db, EmbeddedDatabase.USER))
            .withFlushChars(40));
    pipeline.run().waitUntilFinish();

    List<List<String>> expected = new ArrayList<>();
    for (List<String> row : rows) {
      expected.add(Arrays.asList("7", row.get(0), row.get(1)));
    }
    Comparator<List<String>> byA = Comparator.comparing(row -> row.get(1));
    expected.sort(byA);
    List<List<String>> actual = new ArrayList<>(TestDatabase.rows(db, "select run_id, a, b from incoming_copied"));
    actual.sort(byA);
    assertEquals(expected, actual);
    TestDatabase.drop(db);
  }

  /**
   * A runner that retries a bundle after its COPY committed stages those events again. Here a
   * trigger stages every event twice; the run must publish what a run without it publishes.
   */
  @Test
  void eventsStagedTwiceArePublishedOnce() throws IOException, SQLException {
    Path input = dir.resolve("fixture.csv");
    Files.writeString(input, LoadRunTest.FIXTURE, StandardCharsets.UTF_8);
    String plain = TestDatabase.freshDatabase();
    RunSummary expected = TestRuns.load(plain, input, TestRuns.AS_THE_COMMAND_RUNS);

    String twice = TestDatabase.freshDatabase();
    try (Connection connection = PostgresDataSource.of(twice, EmbeddedDatabase.USER).connect()) {
      WarehouseSchema.apply(PostgresDataSource.of(twice, EmbeddedDatabase.USER), connection);
    }
    TestDatabase.execute(twice, "create table restaged (user_id text)");
    TestDatabase.execute(twice, "create function incoming_again() returns trigger language plpgsql as"
        + " $$ begin insert into incoming_feature_usage select new.*;"
        + " insert into restaged values (new.user_id); return null; end $$");
    TestDatabase.execute(twice, "create trigger incoming_again after insert on incoming_feature_usage"
        + " for each row when (pg_trigger_depth() = 0) execute function incoming_again()");
    RunSummary actual = TestRuns.load(twice, input, TestRuns.AS_THE_COMMAND_RUNS);

    assertEquals(expected.rowsNew(), TestDatabase.count(twice, "select count(*) from restaged"));
    assertEquals(expected.rowsNew(), actual.rowsNew());
    assertEquals(expected.rowsRead(), actual.rowsRead());
    assertEquals(PublishedTables.snapshot(plain), PublishedTables.snapshot(twice));
    TestDatabase.drop(plain);
    TestDatabase.drop(twice);
  }
}
