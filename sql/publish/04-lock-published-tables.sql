-- Every table the publish changes, locked at once in one order before anything is changed: taken
-- one by one as the work reaches them, a reader holding one and asking for another could
-- deadlock with it.
lock table fact_feature_usage, agg_usage_daily, agg_kpi_daily, agg_app_version_stability,
    agg_retention_weekly, agg_feature_retention_weekly, agg_feature_adoption_daily,
    agg_days_active_monthly, agg_anomaly_daily,
    dim_user, dim_app_version, dim_region, dim_platform, dim_vehicle, dim_feature, dim_date
    in access exclusive mode
