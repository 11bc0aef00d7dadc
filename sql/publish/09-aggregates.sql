-- The recomputed aggregate rows, keyed from the dimensions.
insert into agg_usage_daily
select day.calendar_date, usage.region, usage.feature_name, usage.app_version, usage.os_type,
    usage.dau, usage.events, usage.error_events, usage.avg_session, usage.error_rate_pct,
    usage.date_sk, region.region_sk, feature.feature_sk, version.app_version_sk,
    platform.platform_sk, usage.known_flag_events, usage.session_minutes_sum,
    usage.session_count, usage.rating_sum, usage.rating_count
from incoming_agg_usage_daily usage
join dim_date day using (date_sk)
join dim_region region on region.region = usage.region
join dim_feature feature on feature.feature_name = usage.feature_name
join dim_app_version version on version.app_version = usage.app_version
join dim_platform platform on platform.os_type = usage.os_type
where usage.run_id = :run_id;

insert into agg_kpi_daily
select day.calendar_date, kpi.date_sk, kpi.events, kpi.dau, kpi.error_events,
    kpi.error_rate_pct, kpi.avg_session, kpi.dau_7d_avg, kpi.wau, kpi.mau, kpi.stickiness
from incoming_agg_kpi_daily kpi
join dim_date day using (date_sk)
where kpi.run_id = :run_id;

insert into agg_app_version_stability
select stability.os_type, stability.app_version, stability.major, stability.minor,
    day.calendar_date, stability.events, stability.users, stability.error_events,
    stability.known_flag_events, stability.error_rate_pct, stability.prev_app_version,
    stability.prev_error_rate_pct, stability.diff_pp, stability.z_score, stability.is_regression,
    platform.platform_sk, version.app_version_sk, stability.first_seen_date_sk
from incoming_agg_app_version_stability stability
join dim_date day on day.date_sk = stability.first_seen_date_sk
join dim_platform platform on platform.os_type = stability.os_type
join dim_app_version version on version.app_version = stability.app_version
where stability.run_id = :run_id;

insert into agg_retention_weekly
select retention.cohort_week_start, retention.weeks_since, retention.cohort_users,
    retention.retained_users, retention.retention_pct
from incoming_agg_retention_weekly retention
where retention.run_id = :run_id;

insert into agg_feature_retention_weekly
select retention.feature_name, retention.cohort_week_start, retention.weeks_since,
    retention.cohort_users, retention.retained_users, retention.retention_pct, feature.feature_sk
from incoming_agg_feature_retention_weekly retention
join dim_feature feature using (feature_name)
where retention.run_id = :run_id;

insert into agg_feature_adoption_daily
select day.calendar_date, adoption.feature_name, adoption.new_adopters, adoption.adopters,
    adoption.users_to_date, adoption.adoption_pct, adoption.date_sk, feature.feature_sk
from incoming_agg_feature_adoption_daily adoption
join dim_date day using (date_sk)
join dim_feature feature using (feature_name)
where adoption.run_id = :run_id;

insert into agg_days_active_monthly
select days_active.month_start, days_active.days_active, days_active.users
from incoming_agg_days_active_monthly days_active
where days_active.run_id = :run_id;

-- The fleet's series names no feature: its feature_sk stays NULL.
insert into agg_anomaly_daily
select day.calendar_date, anomaly.metric, anomaly.is_fleet, anomaly.feature_name,
    anomaly.metric_value, anomaly.baseline_days, anomaly.baseline_median, anomaly.baseline_mad,
    anomaly.robust_z, anomaly.is_anomaly, anomaly.date_sk, feature.feature_sk
from incoming_agg_anomaly_daily anomaly
join dim_date day using (date_sk)
left join dim_feature feature
    on not anomaly.is_fleet and feature.feature_name = anomaly.feature_name
where anomaly.run_id = :run_id
