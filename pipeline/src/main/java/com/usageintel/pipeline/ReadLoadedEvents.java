package com.usageintel.pipeline;

import com.usageintel.schemas.UsageEvent;
import com.usageintel.schemas.UsageEventCoder;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads back, through JdbcIO, the events earlier runs loaded, so that this run's dimensions,
 * facts and aggregates are computed over all events: the same tables whatever the order in which
 * inputs were loaded (contract section 6.3), including duplicates that span runs.
 */
public final class ReadLoadedEvents extends PTransform<PBegin, PCollection<UsageEvent>> {
  /** Loaded events carry no file or line; the survivor rule only needs their raw text. */
  static final String LOADED = "";

  private final PostgresDataSource dataSource;

  private ReadLoadedEvents(PostgresDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public static ReadLoadedEvents from(PostgresDataSource dataSource) {
    return new ReadLoadedEvents(dataSource);
  }

  @Override
  public PCollection<UsageEvent> expand(PBegin input) {
    return input.apply(
        "ReadStgFeatureUsage",
        JdbcIO.<UsageEvent>read()
            .withDataSourceProviderFn(dataSource)
            .withQuery(
                "select user_id, region, vehicle_model, feature_name, session_duration_min,"
                    + " error_flag, feedback_rating, app_version, os_type, subscription_status,"
                    + " (extract(epoch from feature_used_at) * 1000000)::bigint, raw_record"
                    + " from stg_feature_usage")
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
          .setSourceFile(LOADED)
          .setLineNumber(0)
          .setRawText(rs.getString(12))
          .build();
    }
  }
}
