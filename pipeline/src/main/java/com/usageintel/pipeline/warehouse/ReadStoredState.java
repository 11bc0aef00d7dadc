package com.usageintel.pipeline.warehouse;

import com.usageintel.schemas.MemberDay;
import com.usageintel.transforms.aggregate.DayState;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.FeatureDayState;
import com.usageintel.transforms.aggregate.VersionDayState;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads back the warehouse's per-day state (state_day, state_version_day, state_feature_day,
 * state_member_day) that earlier runs stored: the days a run does not touch enter the cross-day
 * tables (KPI windows, version stability, product analytics, dimensions) through their state
 * alone. Its size grows with days, not events.
 */
public final class ReadStoredState<T> extends PTransform<PBegin, PCollection<T>> {
  private static final String TALLY =
      "events, error_events, known_flag_events, session_minutes_sum, session_count, rating_sum,"
          + " rating_count, users";

  private final PostgresDataSource dataSource;
  private final String query;
  private final JdbcIO.RowMapper<T> mapper;
  private final Coder<T> coder;

  private ReadStoredState(
      PostgresDataSource dataSource, String query, JdbcIO.RowMapper<T> mapper, Coder<T> coder) {
    this.dataSource = dataSource;
    this.query = query;
    this.mapper = mapper;
    this.coder = coder;
  }

  public static ReadStoredState<DayState> days(PostgresDataSource dataSource) {
    return new ReadStoredState<>(dataSource, "select date_sk, " + TALLY + " from state_day",
        rs -> new DayState(rs.getInt(1), tally(rs, 2, rs.getInt(1))), DayState.coder());
  }

  public static ReadStoredState<VersionDayState> versionDays(PostgresDataSource dataSource) {
    return new ReadStoredState<>(dataSource,
        "select os_type, app_version, date_sk, " + TALLY + " from state_version_day",
        rs -> new VersionDayState(rs.getString(1), rs.getString(2), rs.getInt(3),
            tally(rs, 4, rs.getInt(3))),
        VersionDayState.coder());
  }

  public static ReadStoredState<FeatureDayState> featureDays(PostgresDataSource dataSource) {
    return new ReadStoredState<>(dataSource,
        "select feature_name, date_sk, " + TALLY + " from state_feature_day",
        rs -> new FeatureDayState(rs.getString(1), rs.getInt(2), tally(rs, 3, rs.getInt(2))),
        FeatureDayState.coder());
  }

  public static ReadStoredState<MemberDay> memberDays(PostgresDataSource dataSource) {
    try {
      return new ReadStoredState<>(dataSource,
          "select dimension, member, date_sk from state_member_day",
          rs -> MemberDay.create(rs.getString(1), rs.getString(2), rs.getInt(3)),
          org.apache.beam.sdk.schemas.SchemaRegistry.createDefault().getSchemaCoder(MemberDay.class));
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A stored tally whose columns start at {@code first}, of events all on day {@code dateSk}. */
  private static EventTally tally(ResultSet rs, int first, int dateSk) throws SQLException {
    return EventTally.restore(rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2),
        rs.getBigDecimal(first + 3), rs.getLong(first + 4), rs.getBigDecimal(first + 5),
        rs.getLong(first + 6), dateSk, rs.getBytes(first + 7));
  }

  @Override
  public PCollection<T> expand(PBegin input) {
    return input.apply(
        "ReadState",
        JdbcIO.<T>read()
            .withDataSourceProviderFn(dataSource)
            .withQuery(query)
            .withRowMapper(mapper)
            .withCoder(coder)
            .withOutputParallelization(false));
  }
}
