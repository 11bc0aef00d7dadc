-- The aggregate rows the run recomputes: its touched days' usage, and the two cross-day tables,
-- which are small. Cleared first, since they may refer to members that leave the dimensions.
-- delete, not truncate: readers keep seeing the old rows until the transaction commits.
delete from agg_usage_daily
where date_sk in (select date_sk from stage_touched_day where run_id = :run_id);
delete from agg_kpi_daily;
delete from agg_app_version_stability
