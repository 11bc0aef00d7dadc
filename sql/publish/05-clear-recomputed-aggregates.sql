-- The aggregate rows the run recomputes: its touched days' usage, and the cross-day tables, which
-- are small (their size grows with days, not events). Cleared first, since they may refer to members that leave the dimensions.
-- delete, not truncate: readers keep seeing the old rows until the transaction commits.
delete from agg_usage_daily
where date_sk in (select date_sk from incoming_touched_day where run_id = :run_id);
delete from agg_kpi_daily;
delete from agg_app_version_stability;
delete from agg_retention_weekly;
delete from agg_feature_retention_weekly;
delete from agg_feature_adoption_daily;
delete from agg_days_active_monthly;
delete from agg_anomaly_daily
