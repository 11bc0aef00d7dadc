package com.usageintel.pipeline.warehouse;

import com.usageintel.schemas.UsageEvent;
import com.usageintel.schemas.UsageEventCoder;
import com.usageintel.transforms.DeduplicateEvents;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads back, through JdbcIO, the events earlier runs loaded on the given days, or of the given
 * users: what a run merges with its own events (contract section 3: duplicates span runs) and
 * recomputes from, so the tables do not depend on the order of the loads (section 6.3). A run
 * reads the loaded events of the days it touches, never all of them.
 */
public final class ReadLoadedEvents<P> extends PTransform<PCollection<P>, PCollection<UsageEvent>> {
  private static final String COLUMNS =
      "select user_id, region, vehicle_model, feature_name, session_duration_min, error_flag,"
          + " feedback_rating, app_version, os_type, subscription_status,"
          + " (extract(epoch from feature_used_at) * 1000000)::bigint, raw_record"
          + " from stg_feature_usage";

  private final PostgresDataSource dataSource;
  private final String query;
  private final JdbcIO.PreparedStatementSetter<P> parameter;

  private ReadLoadedEvents(
      PostgresDataSource dataSource, String query, JdbcIO.PreparedStatementSetter<P> parameter) {
    this.dataSource = dataSource;
    this.query = query;
    this.parameter = parameter;
  }

  /** The loaded events of each day (a date key, yyyymmdd, in the reporting zone). */
  public static ReadLoadedEvents<Integer> onDays(PostgresDataSource dataSource) {
    return new ReadLoadedEvents<>(dataSource,
        COLUMNS + " where date = to_date(?::text, 'YYYYMMDD')",
        (dateSk, statement) -> statement.setInt(1, dateSk));
  }

  /** Every loaded event of each user. */
  public static ReadLoadedEvents<String> ofUsers(PostgresDataSource dataSource) {
    return new ReadLoadedEvents<>(dataSource, COLUMNS + " where user_id = ?",
        (userId, statement) -> statement.setString(1, userId));
  }

  @Override
  public PCollection<UsageEvent> expand(PCollection<P> parameters) {
    return parameters.apply(
        "ReadStgFeatureUsage",
        JdbcIO.<P, UsageEvent>readAll()
            .withDataSourceProviderFn(dataSource)
            .withQuery(query)
            .withParameterSetter(parameter)
            .withRowMapper(new ToUsageEvent())
            .withCoder(UsageEventCoder.of())
            // JdbcIO would reshuffle by random key: a bundle per event on the Direct runner.
            // The events meet the other workers at the next grouping step anyway.
            .withOutputParallelization(false));
  }

  private static final class ToUsageEvent implements JdbcIO.RowMapper<UsageEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public UsageEvent mapRow(ResultSet rs) throws SQLException {
      return UsageEvent.builder()
          .setUserId(rs.getString(1))
          .setRegion(rs.getString(2))
          .setVehicleModel(rs.getString(3))
          .setFeatureName(rs.getString(4))
          .setSessionDurationMin(rs.getObject(5, Double.class))
          .setErrorFlag(rs.getObject(6) == null ? null : rs.getInt(6))
          .setFeedbackRating(rs.getObject(7, Double.class))
          .setAppVersion(rs.getString(8))
          .setOsType(rs.getString(9))
          .setSubscriptionStatus(rs.getString(10))
          .setFeatureUsedAtMicros(rs.getLong(11))
          // The survivor rule needs only the raw text; loaded events carry no file or line.
          .setSourceFile(DeduplicateEvents.LOADED_SOURCE)
          .setLineNumber(0)
          .setRawText(rs.getString(12))
          .build();
    }
  }
}
