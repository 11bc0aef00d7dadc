package com.usageintel.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published tables as their readers see them, keys aside (contract section 6.3): every row of
 * every table by its natural columns, in a fixed order, so two databases can be compared.
 */
public final class PublishedTables {
  /** Per table, a query of its natural columns (surrogate keys replaced by what they name). */
  public static final Map<String, String> NATURAL_QUERIES = new LinkedHashMap<>();

  static {
    NATURAL_QUERIES.put("stg_feature_usage",
        "select user_id, region, vehicle_model, feature_name, session_duration_min, error_flag,"
            + " feedback_rating, app_version, os_type, subscription_status, feature_used_at, date,"
            + " week, iso_year, raw_record from stg_feature_usage"
            + " order by user_id, feature_used_at, feature_name");
    NATURAL_QUERIES.put("dim_date", "select * from dim_date order by date_sk");
    NATURAL_QUERIES.put("dim_region", "select region from dim_region order by region");
    NATURAL_QUERIES.put("dim_platform", "select os_type from dim_platform order by os_type");
    NATURAL_QUERIES.put("dim_vehicle", "select vehicle_model from dim_vehicle order by vehicle_model");
    NATURAL_QUERIES.put("dim_feature", "select feature_name from dim_feature order by feature_name");
    NATURAL_QUERIES.put("dim_app_version",
        "select app_version, major, minor, sort_order, first_seen_date from dim_app_version"
            + " order by app_version");
    NATURAL_QUERIES.put("dim_user",
        "select user_id, region, subscription_status, vehicle_model, os_type, first_seen_at,"
            + " last_seen_at from dim_user order by user_id");
    NATURAL_QUERIES.put("fact_feature_usage",
        "select u.user_id, v.vehicle_model, f.feature_name, r.region, p.os_type, a.app_version,"
            + " x.date_sk, x.feature_used_at, x.session_duration_min, x.error_flag,"
            + " x.feedback_rating, x.app_version, x.os_type, x.region, x.subscription_status"
            + " from fact_feature_usage x join dim_user u using (user_sk)"
            + " join dim_vehicle v using (vehicle_sk) join dim_feature f using (feature_sk)"
            + " join dim_region r using (region_sk) join dim_platform p using (platform_sk)"
            + " join dim_app_version a using (app_version_sk)"
            + " order by u.user_id, x.feature_used_at, f.feature_name");
    NATURAL_QUERIES.put("agg_usage_daily",
        "select feature_used_date, region, feature_name, app_version, os_type, dau, events,"
            + " error_events, avg_session, error_rate_pct, date_sk, known_flag_events,"
            + " session_minutes_sum, session_count, rating_sum, rating_count from agg_usage_daily"
            + " order by feature_used_date, region, feature_name, app_version, os_type");
    NATURAL_QUERIES.put("agg_kpi_daily", "select * from agg_kpi_daily order by kpi_date");
    NATURAL_QUERIES.put("agg_app_version_stability",
        "select os_type, app_version, major, minor, first_seen_date, events, users, error_events,"
            + " known_flag_events, error_rate_pct, prev_app_version, prev_error_rate_pct, diff_pp,"
            + " z_score, is_regression from agg_app_version_stability order by os_type, major, minor");
    NATURAL_QUERIES.put("agg_retention_weekly",
        "select cohort_week_start, weeks_since, cohort_users, retained_users, retention_pct"
            + " from agg_retention_weekly order by cohort_week_start, weeks_since");
    NATURAL_QUERIES.put("agg_feature_retention_weekly",
        "select feature_name, cohort_week_start, weeks_since, cohort_users, retained_users,"
            + " retention_pct from agg_feature_retention_weekly"
            + " order by feature_name, cohort_week_start, weeks_since");
    NATURAL_QUERIES.put("agg_feature_adoption_daily",
        "select adoption_date, feature_name, new_adopters, adopters, users_to_date, adoption_pct"
            + " from agg_feature_adoption_daily order by adoption_date, feature_name");
    NATURAL_QUERIES.put("agg_days_active_monthly",
        "select month_start, days_active, users from agg_days_active_monthly"
            + " order by month_start, days_active");
    NATURAL_QUERIES.put("agg_anomaly_daily",
        "select anomaly_date, metric, is_fleet, feature_name, metric_value, baseline_days,"
            + " baseline_median, baseline_mad, robust_z, is_anomaly from agg_anomaly_daily"
            + " order by anomaly_date, metric, is_fleet, feature_name");
  }

  private PublishedTables() {}

  /** Every published table's rows, keys aside. */
  public static Map<String, List<List<String>>> snapshot(String jdbcUrl) {
    Map<String, List<List<String>>> tables = new LinkedHashMap<>();
    NATURAL_QUERIES.forEach((table, sql) -> tables.put(table, TestDatabase.rows(jdbcUrl, sql)));
    return tables;
  }

  /** Every published table's rows exactly, keys included: for "nothing changed" checks. */
  public static Map<String, List<List<String>>> exact(String jdbcUrl) {
    Map<String, List<List<String>>> tables = new LinkedHashMap<>();
    for (String table : NATURAL_QUERIES.keySet()) {
      List<List<String>> rows = new java.util.ArrayList<>(
          TestDatabase.rows(jdbcUrl, "select * from " + table));
      rows.sort(java.util.Comparator.comparing(Object::toString));
      tables.put(table, rows);
    }
    return tables;
  }
}
