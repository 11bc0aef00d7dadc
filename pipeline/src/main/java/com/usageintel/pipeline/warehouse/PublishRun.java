package com.usageintel.pipeline.warehouse;

import com.usageintel.transforms.StepClock;
import java.sql.Connection;
import java.sql.SQLException;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Publishes a run once every write of it has succeeded ({@code Wait.on} JdbcIO's results): in one
 * transaction, the staged events are merged into the tables readers use, the run's row accounting
 * (contract section 6.1) is checked and stored, and the run is marked {@code succeeded}. Readers
 * see the state before or after, never between; a run that fails earlier publishes nothing.
 *
 * <p>The accounting is checked, not just stored: if the staged events do not add up with what the
 * pipeline counted, the run fails rather than publish a load that lost rows.
 */
public final class PublishRun extends PTransform<PCollectionList<Void>, PCollection<Long>> {
  private final long runId;
  private final PostgresDataSource dataSource;
  private final RowTotals totals;

  private PublishRun(long runId, PostgresDataSource dataSource, RowTotals totals) {
    this.runId = runId;
    this.dataSource = dataSource;
    this.totals = totals;
  }

  /** Applied to the completion signals of every write of the run, it publishes once all are done. */
  public static PublishRun of(long runId, PostgresDataSource dataSource, RowTotals totals) {
    return new PublishRun(runId, dataSource, totals);
  }

  /** The pipeline's own row counts, as singleton side inputs. */
  public static final class RowTotals implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final PCollectionView<Long> read;
    final PCollectionView<Long> survivors;
    final PCollectionView<Long> duplicates;
    final PCollectionView<Long> rejected;

    public RowTotals(
        PCollectionView<Long> read,
        PCollectionView<Long> survivors,
        PCollectionView<Long> duplicates,
        PCollectionView<Long> rejected) {
      this.read = read;
      this.survivors = survivors;
      this.duplicates = duplicates;
      this.rejected = rejected;
    }
  }

  @Override
  public PCollection<Long> expand(PCollectionList<Void> writes) {
    return writes.getPipeline()
        .apply("StartPublishing", Create.of(runId))
        .apply("WaitForWrites", Wait.on(writes.getAll().toArray(new PCollection<?>[0])))
        .apply(
            "PublishInOneTransaction",
            ParDo.of(new PublishFn(dataSource, totals))
                .withSideInputs(totals.read, totals.survivors, totals.duplicates, totals.rejected));
  }

  private static class PublishFn extends DoFn<Long, Long> {
    private static final String DEADLOCK_DETECTED = "40P01";
    private static final int PUBLISH_ATTEMPTS = 3;

    private final PostgresDataSource dataSource;
    private final RowTotals totals;
    private final StepClock clock = new StepClock();

    PublishFn(PostgresDataSource dataSource, RowTotals totals) {
      this.dataSource = dataSource;
      this.totals = totals;
    }

    @ProcessElement
    public void processElement(@Element Long runId, ProcessContext context) throws SQLException {
      // Ticked here, not per bundle: a bundle can start before its side inputs are ready.
      clock.tick();
      long read = context.sideInput(totals.read);
      long survivors = context.sideInput(totals.survivors);
      long duplicates = context.sideInput(totals.duplicates);
      long rejected = context.sideInput(totals.rejected);
      for (int attempt = 1; ; attempt++) {
        try (Connection connection = dataSource.apply(null).getConnection()) {
          connection.setAutoCommit(false);
          try {
            if (PublishTransaction.publish(connection, runId, read, survivors, duplicates, rejected)) {
              connection.commit();
            } else {
              connection.rollback();
            }
            break;
          } catch (SQLException e) {
            connection.rollback();
            // A reader's locks can deadlock with the publish's; PostgreSQL then aborts one side.
            // Aborted, the publish changed nothing and is tried again.
            if (!DEADLOCK_DETECTED.equals(e.getSQLState()) || attempt == PUBLISH_ATTEMPTS) {
              throw e;
            }
          } catch (RuntimeException e) {
            connection.rollback();
            throw e;
          }
        }
      }
      context.output(runId);
      clock.tick();
    }
  }
}
