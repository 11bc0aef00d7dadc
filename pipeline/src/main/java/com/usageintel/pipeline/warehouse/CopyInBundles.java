package com.usageintel.pipeline.warehouse;

import com.usageintel.transforms.StepClock;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.postgresql.PGConnection;

/**
 * Writes rows into a run-scoped staging table with PostgreSQL's COPY, the fastest way in: each
 * bundle's rows go as CSV in COPY statements of up to {@code flushChars} characters, each
 * committed on its own. COPY cannot skip rows it already has, so a bundle a runner retries may
 * stage rows twice; the table must have no key, and its reader must take each row once. The
 * result is empty: a completion signal for {@code Wait.on}, as JdbcIO's is.
 */
public final class CopyInBundles<T> extends PTransform<PCollection<T>, PCollection<Void>> {
  /** About 8 million characters per COPY: few round trips, bounded memory. */
  private static final int DEFAULT_FLUSH_CHARS = 8 << 20;

  private final BatchInsert<T> rows;
  private final PostgresDataSource dataSource;
  private final int flushChars;

  private CopyInBundles(BatchInsert<T> rows, PostgresDataSource dataSource, int flushChars) {
    this.rows = rows;
    this.dataSource = dataSource;
    this.flushChars = flushChars;
  }

  public static <T> CopyInBundles<T> into(BatchInsert<T> rows, PostgresDataSource dataSource) {
    rows.copySql(); // fails now, not on a worker, if the table cannot take COPY
    return new CopyInBundles<>(rows, dataSource, DEFAULT_FLUSH_CHARS);
  }

  /** A smaller COPY size, so tests can make a bundle flush more than once. */
  CopyInBundles<T> withFlushChars(int flushChars) {
    return new CopyInBundles<>(rows, dataSource, flushChars);
  }

  @Override
  public PCollection<Void> expand(PCollection<T> input) {
    return input
        .apply("CopyRows", ParDo.of(new CopyFn<>(rows, dataSource, flushChars)))
        .setCoder(VoidCoder.of());
  }

  private static final class CopyFn<T> extends DoFn<T, Void> {
    private final BatchInsert<T> rows;
    private final PostgresDataSource dataSource;
    private final int flushChars;
    private final StepClock clock = new StepClock();
    private transient DataSource pool;
    private transient String copySql;
    private transient StringBuilder csv;

    CopyFn(BatchInsert<T> rows, PostgresDataSource dataSource, int flushChars) {
      this.rows = rows;
      this.dataSource = dataSource;
      this.flushChars = flushChars;
    }

    @Setup
    public void setup() {
      pool = dataSource.apply(null);
      copySql = rows.copySql();
    }

    @StartBundle
    public void startBundle() {
      clock.tick();
      csv = new StringBuilder();
    }

    @ProcessElement
    public void processElement(@Element T row) throws SQLException, IOException {
      rows.appendCsv(row, csv);
      if (csv.length() >= flushChars) {
        flush();
      }
    }

    @FinishBundle
    public void finishBundle() throws SQLException, IOException {
      flush();
      clock.tick();
    }

    private void flush() throws SQLException, IOException {
      if (csv.length() == 0) {
        return;
      }
      try (Connection connection = pool.getConnection()) {
        connection.setAutoCommit(true);
        connection.unwrap(PGConnection.class).getCopyAPI()
            .copyIn(copySql, new StringReader(csv.toString()));
      }
      csv.setLength(0);
    }
  }
}
