-- Every table the publish changes, locked at once in one order before anything is changed: taken
-- one by one as the work reaches them, a reader holding one and asking for another could
-- deadlock with it.
lock table fact_feature_usage, agg_usage_daily, agg_kpi_daily, agg_app_version_stability,
    dim_user, dim_app_version, dim_region, dim_platform, dim_vehicle, dim_feature, dim_date
    in access exclusive mode
