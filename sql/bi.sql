-- usage-intel BI layer: applied by the pipeline after the migrations (sql/migrations) at the start
-- of every run; safe to re-run. Thin views over the published star schema with report-ready names
-- and types Power BI's
-- PostgreSQL connector (Npgsql 4) reads exactly: instants as UTC timestamp (Npgsql 4 would shift a
-- timestamptz into the viewer's zone), decimals as numeric(p, s) (floats and unbounded numeric
-- become imprecise), counts and keys as integers below 2^53. Metrics are the contract's, computed
-- by the pipeline; nothing here recomputes them. Views run with their owner's rights, so a reader
-- needs rights on these views only (sql/bi-readonly-role.sql).
-- create or replace view can only append columns: renaming or retyping one needs a drop first.
-- Tables are named without a schema: a view binds to the table the loading session's search_path
-- finds (public, or usage_intel for the least-privileged role of sql/etl-role.sql).

-- Created only when missing: "create schema if not exists" needs CREATE on the database even when
-- the schema exists, which the least-privileged loading role lacks (sql/etl-role.sql makes bi for it).
do $$
begin
    if not exists (select from pg_namespace where nspname = 'bi') then
        create schema bi;
    end if;
end
$$;
comment on schema bi is 'Report-ready views over the published star schema, for BI tools (Power BI). Read-only.';

create or replace view bi.dim_date as
select
    date_sk                                                  as date_key,
    calendar_date,
    year,
    quarter,
    month,
    month_name,
    (year * 100 + month)::integer                            as year_month,
    month_name || ' ' || year                                as month_label,
    make_date(year, month, 1)                                as month_start,
    iso_year,
    iso_week,
    (iso_year * 100 + iso_week)::integer                     as iso_year_week,
    iso_year || '-W' || lpad(iso_week::text, 2, '0')         as iso_week_label,
    (calendar_date - (day_of_week - 1))::date                as week_start,
    day_of_week,
    day_name,
    is_weekend
from dim_date;
comment on view bi.dim_date is 'The date table: one row per day, gap-free from the first to the last event day (reporting time zone). Mark it as the date table on calendar_date.';
comment on column bi.dim_date.date_key is 'Key: the date as yyyymmdd; every fact and aggregate refers to it.';
comment on column bi.dim_date.calendar_date is 'The day, in the reporting time zone of the run.';
comment on column bi.dim_date.year is 'Calendar year.';
comment on column bi.dim_date.quarter is 'Calendar quarter, 1 to 4.';
comment on column bi.dim_date.month is 'Month number, 1 to 12.';
comment on column bi.dim_date.month_name is 'Month name in English (January); sort by month.';
comment on column bi.dim_date.year_month is 'Year and month as yyyymm: the sort key of month_label.';
comment on column bi.dim_date.month_label is 'Month and year (January 2025), for a month slicer; sort by year_month.';
comment on column bi.dim_date.month_start is 'First day of the month.';
comment on column bi.dim_date.iso_year is 'ISO 8601 week-numbering year.';
comment on column bi.dim_date.iso_week is 'ISO 8601 week number, 1 to 53 (weeks start on Monday).';
comment on column bi.dim_date.iso_year_week is 'ISO year and week as yyyyww: the sort key of iso_week_label.';
comment on column bi.dim_date.iso_week_label is 'ISO week as 2025-W05, for a week slicer; sort by iso_year_week.';
comment on column bi.dim_date.week_start is 'Monday of the ISO week.';
comment on column bi.dim_date.day_of_week is 'ISO weekday, Monday = 1 to Sunday = 7.';
comment on column bi.dim_date.day_name is 'Weekday name in English (Monday); sort by day_of_week.';
comment on column bi.dim_date.is_weekend is 'True on Saturday and Sunday.';

create or replace view bi.dim_region as
select region_sk as region_key, region
from dim_region;
comment on view bi.dim_region is 'Regions of the loaded events (Unknown and unmapped spellings included).';
comment on column bi.dim_region.region_key is 'Key: stable across runs.';
comment on column bi.dim_region.region is 'Region as cleaned: a canonical name, Unknown, or an unmapped value in its cleaned spelling.';

create or replace view bi.dim_platform as
select platform_sk as platform_key, os_type
from dim_platform;
comment on view bi.dim_platform is 'Operating systems of the loaded events.';
comment on column bi.dim_platform.platform_key is 'Key: stable across runs.';
comment on column bi.dim_platform.os_type is 'OS as cleaned: Android, iOS, Other, Unknown or an unmapped value.';

create or replace view bi.dim_vehicle as
select vehicle_sk as vehicle_key, vehicle_model
from dim_vehicle;
comment on view bi.dim_vehicle is 'Vehicle models of the loaded events.';
comment on column bi.dim_vehicle.vehicle_key is 'Key: stable across runs.';
comment on column bi.dim_vehicle.vehicle_model is 'Vehicle model as cleaned: a canonical name, Unknown or an unmapped value.';

create or replace view bi.dim_feature as
select feature_sk as feature_key, feature_name
from dim_feature;
comment on view bi.dim_feature is 'App features of the loaded events.';
comment on column bi.dim_feature.feature_key is 'Key: stable across runs.';
comment on column bi.dim_feature.feature_name is 'Feature as cleaned: a canonical name or an unmapped value.';

create or replace view bi.dim_app_version as
select
    app_version_sk as app_version_key,
    app_version,
    major,
    minor,
    sort_order,
    first_seen_date
from dim_app_version;
comment on view bi.dim_app_version is 'App versions of the loaded events; sort app_version by sort_order (v1.10 after v1.9).';
comment on column bi.dim_app_version.app_version_key is 'Key: stable across runs.';
comment on column bi.dim_app_version.app_version is 'Version as v{major}.{minor}, or Unknown when the raw value had no digit.';
comment on column bi.dim_app_version.major is 'Major version number; NULL for Unknown.';
comment on column bi.dim_app_version.minor is 'Minor version number; NULL for Unknown.';
comment on column bi.dim_app_version.sort_order is 'Numeric order of versions (major, then minor); Unknown first.';
comment on column bi.dim_app_version.first_seen_date is 'First day any event used this version, on any OS.';

create or replace view bi.dim_user as
select
    user_sk                                  as user_key,
    user_id,
    region                                   as current_region,
    subscription_status                      as current_subscription_status,
    vehicle_model                            as current_vehicle_model,
    os_type                                  as current_os_type,
    (first_seen_at at time zone 'UTC')::timestamp(6) as first_seen_at,
    (last_seen_at at time zone 'UTC')::timestamp(6)  as last_seen_at
from dim_user;
comment on view bi.dim_user is 'One row per user with their current attributes. Slice events by the region, OS or version of the event through the other dimensions; these are where the user is now.';
comment on column bi.dim_user.user_key is 'Key: stable across runs.';
comment on column bi.dim_user.user_id is 'User id as cleaned (upper-cased).';
comment on column bi.dim_user.current_region is 'Region of the user''s latest event where it is known (Unknown if never known).';
comment on column bi.dim_user.current_subscription_status is 'Subscription status of the user''s latest event where it is known.';
comment on column bi.dim_user.current_vehicle_model is 'Vehicle model of the user''s latest event where it is known.';
comment on column bi.dim_user.current_os_type is 'OS of the user''s latest event where it is known.';
comment on column bi.dim_user.first_seen_at is 'Instant of the user''s first event, UTC.';
comment on column bi.dim_user.last_seen_at is 'Instant of the user''s latest event, UTC.';

create or replace view bi.fact_usage as
select
    usage_sk                                            as usage_key,
    date_sk                                             as date_key,
    user_sk                                             as user_key,
    vehicle_sk                                          as vehicle_key,
    feature_sk                                          as feature_key,
    region_sk                                           as region_key,
    platform_sk                                         as platform_key,
    app_version_sk                                      as app_version_key,
    (feature_used_at at time zone 'UTC')::timestamp(6)  as used_at,
    session_duration_min::numeric(12, 6)                as session_minutes,
    error_flag,
    feedback_rating::numeric(7, 6)                      as feedback_rating,
    subscription_status
from fact_feature_usage;
comment on view bi.fact_usage is 'One row per loaded event. Region, OS and version keys are the event''s own (event time). DAU is a distinct count of user_key at any slice, never a sum of daily DAUs.';
comment on column bi.fact_usage.usage_key is 'Key of the event: stable across runs.';
comment on column bi.fact_usage.date_key is 'Day of the event (reporting time zone): bi.dim_date.';
comment on column bi.fact_usage.user_key is 'User: bi.dim_user. Count it distinct for active users.';
comment on column bi.fact_usage.vehicle_key is 'Vehicle model of the event: bi.dim_vehicle.';
comment on column bi.fact_usage.feature_key is 'Feature used: bi.dim_feature.';
comment on column bi.fact_usage.region_key is 'Region at the time of the event: bi.dim_region.';
comment on column bi.fact_usage.platform_key is 'OS of the event: bi.dim_platform.';
comment on column bi.fact_usage.app_version_key is 'App version of the event: bi.dim_app_version.';
comment on column bi.fact_usage.used_at is 'Instant of the event, UTC.';
comment on column bi.fact_usage.session_minutes is 'Session length in minutes, capped (default 240); NULL when unknown. Average = sum / count of non-NULL values.';
comment on column bi.fact_usage.error_flag is '1 if the event had an error, 0 if not, NULL when unknown. Error rate = sum / count of non-NULL values.';
comment on column bi.fact_usage.feedback_rating is 'Rating 1 to 5; NULL when none was given or it was unusable.';
comment on column bi.fact_usage.subscription_status is 'Subscription status at the time of the event.';

create or replace view bi.daily_usage as
select
    feature_used_date                       as usage_date,
    date_sk                                 as date_key,
    region_sk                               as region_key,
    feature_sk                              as feature_key,
    app_version_sk                          as app_version_key,
    platform_sk                             as platform_key,
    region,
    feature_name,
    app_version,
    os_type,
    events,
    dau,
    error_events,
    known_flag_events,
    error_rate_pct,
    avg_session::numeric(12, 6)             as avg_session,
    session_minutes_sum::numeric(18, 6)     as session_minutes_sum,
    session_count,
    rating_sum::numeric(18, 6)              as rating_sum,
    rating_count
from agg_usage_daily;
comment on view bi.daily_usage is 'Per day, event-time region, feature, app version and OS. dau is distinct users of that cell: never sum it across cells; re-aggregate averages and rates from the additive columns.';
comment on column bi.daily_usage.usage_date is 'The day (reporting time zone).';
comment on column bi.daily_usage.date_key is 'The day: bi.dim_date.';
comment on column bi.daily_usage.region_key is 'Event-time region: bi.dim_region.';
comment on column bi.daily_usage.feature_key is 'Feature: bi.dim_feature.';
comment on column bi.daily_usage.app_version_key is 'App version: bi.dim_app_version.';
comment on column bi.daily_usage.platform_key is 'OS: bi.dim_platform.';
comment on column bi.daily_usage.region is 'Event-time region name.';
comment on column bi.daily_usage.feature_name is 'Feature name.';
comment on column bi.daily_usage.app_version is 'App version name.';
comment on column bi.daily_usage.os_type is 'OS name.';
comment on column bi.daily_usage.events is 'Events in the cell (additive).';
comment on column bi.daily_usage.dau is 'Distinct users in the cell. Not additive: a sum over cells counts a user once per cell.';
comment on column bi.daily_usage.error_events is 'Events with error_flag = 1 (additive).';
comment on column bi.daily_usage.known_flag_events is 'Events whose error flag is known: the error rate''s denominator (additive).';
comment on column bi.daily_usage.error_rate_pct is '100 x error_events / known_flag_events, rounded to 2 (half away from zero); NULL when no flag is known. Not additive.';
comment on column bi.daily_usage.avg_session is 'Mean known session length in minutes; NULL when none. Not additive: use session_minutes_sum / session_count.';
comment on column bi.daily_usage.session_minutes_sum is 'Sum of known session lengths in minutes (additive).';
comment on column bi.daily_usage.session_count is 'Events with a known session length (additive).';
comment on column bi.daily_usage.rating_sum is 'Sum of known ratings (additive).';
comment on column bi.daily_usage.rating_count is 'Events with a known rating (additive).';

create or replace view bi.daily_kpi as
select
    kpi_date,
    date_sk                         as date_key,
    events,
    dau,
    error_events,
    error_rate_pct,
    avg_session::numeric(12, 6)     as avg_session,
    dau_7d_avg::numeric(12, 6)      as dau_7d_avg,
    wau,
    mau,
    stickiness::numeric(7, 6)       as stickiness
from agg_kpi_daily;
comment on view bi.daily_kpi is 'One row per day of the date range, days without events included: the headline KPIs as the contract defines them.';
comment on column bi.daily_kpi.kpi_date is 'The day (reporting time zone).';
comment on column bi.daily_kpi.date_key is 'The day: bi.dim_date.';
comment on column bi.daily_kpi.events is 'Events that day.';
comment on column bi.daily_kpi.dau is 'Distinct users that day.';
comment on column bi.daily_kpi.error_events is 'Events with error_flag = 1 that day.';
comment on column bi.daily_kpi.error_rate_pct is '100 x errors / events with a known flag, rounded to 2; NULL when none is known.';
comment on column bi.daily_kpi.avg_session is 'Mean known session length in minutes; NULL on days without one.';
comment on column bi.daily_kpi.dau_7d_avg is 'Mean of the daily DAUs of the 7 days ending that day that lie in the date range.';
comment on column bi.daily_kpi.wau is 'Distinct users in the 7 days ending that day (within the date range).';
comment on column bi.daily_kpi.mau is 'Distinct users in the 30 days ending that day (within the date range).';
comment on column bi.daily_kpi.stickiness is 'dau / mau as a ratio; NULL when mau is 0.';

create or replace view bi.app_version_stability as
select
    platform_sk                                         as platform_key,
    app_version_sk                                      as app_version_key,
    first_seen_date_sk                                  as first_seen_date_key,
    os_type,
    app_version,
    os_type || ' ' || app_version                       as version_label,
    (row_number() over (order by os_type, major, minor))::integer as version_order,
    major,
    minor,
    first_seen_date,
    events,
    users,
    error_events,
    known_flag_events,
    error_rate_pct,
    prev_app_version,
    prev_error_rate_pct,
    diff_pp,
    z_score::numeric(12, 6)                             as z_score,
    is_regression
from agg_app_version_stability;
comment on view bi.app_version_stability is 'Per OS and numbered app version: error rate against the previous version on that OS, and whether it is a regression.';
comment on column bi.app_version_stability.platform_key is 'OS: bi.dim_platform.';
comment on column bi.app_version_stability.app_version_key is 'App version: bi.dim_app_version.';
comment on column bi.app_version_stability.first_seen_date_key is 'First day this version was seen on this OS: bi.dim_date (not related in the model; a label).';
comment on column bi.app_version_stability.os_type is 'OS name.';
comment on column bi.app_version_stability.app_version is 'Version as v{major}.{minor}.';
comment on column bi.app_version_stability.version_label is 'OS and version (Android v5.10), for charts; sort by version_order.';
comment on column bi.app_version_stability.version_order is 'Order of version_label: by OS, then major, then minor.';
comment on column bi.app_version_stability.major is 'Major version number.';
comment on column bi.app_version_stability.minor is 'Minor version number.';
comment on column bi.app_version_stability.first_seen_date is 'First day this version was seen on this OS.';
comment on column bi.app_version_stability.events is 'Events of this version on this OS.';
comment on column bi.app_version_stability.users is 'Distinct users of this version on this OS.';
comment on column bi.app_version_stability.error_events is 'Events with error_flag = 1.';
comment on column bi.app_version_stability.known_flag_events is 'Events whose error flag is known.';
comment on column bi.app_version_stability.error_rate_pct is '100 x error_events / known_flag_events, rounded to 2; NULL when none is known.';
comment on column bi.app_version_stability.prev_app_version is 'The highest version below this one on the same OS; NULL for the first.';
comment on column bi.app_version_stability.prev_error_rate_pct is 'Error rate of prev_app_version on this OS.';
comment on column bi.app_version_stability.diff_pp is 'error_rate_pct minus prev_error_rate_pct in percentage points (exact difference, rounded to 2).';
comment on column bi.app_version_stability.z_score is 'Two-proportion z statistic against the previous version (pooled); NULL when undefined.';
comment on column bi.app_version_stability.is_regression is 'True when z > 1.96 and the error rate is worse than the previous version''s by more than 1 point.';

-- Data quality of the last succeeded run: the run that published the tables above.
create or replace view bi.data_quality_run as
select
    run_id,
    (started_at at time zone 'UTC')::timestamp(6)   as started_at,
    (finished_at at time zone 'UTC')::timestamp(6)  as finished_at,
    runner,
    array_to_string(inputs, ', ')                   as inputs,
    rows_read,
    rows_new,
    rows_already_loaded,
    rows_duplicate,
    rows_rejected
from etl_run
where run_id = (select max(run_id) from etl_run where status = 'succeeded');
comment on view bi.data_quality_run is 'The last succeeded run (the one that published the current tables) and its row accounting: rows_read = rows_new + rows_already_loaded + rows_duplicate + rows_rejected.';
comment on column bi.data_quality_run.run_id is 'Run id (etl_run).';
comment on column bi.data_quality_run.started_at is 'When the run started, UTC.';
comment on column bi.data_quality_run.finished_at is 'When the run published, UTC.';
comment on column bi.data_quality_run.runner is 'Beam runner of the run.';
comment on column bi.data_quality_run.inputs is 'Input files or globs of the run, comma-separated.';
comment on column bi.data_quality_run.rows_read is 'Rows read from the inputs.';
comment on column bi.data_quality_run.rows_new is 'Rows loaded as new events.';
comment on column bi.data_quality_run.rows_already_loaded is 'Rows whose event an earlier run had loaded.';
comment on column bi.data_quality_run.rows_duplicate is 'Rows that duplicated another row of the same run.';
comment on column bi.data_quality_run.rows_rejected is 'Rows rejected into quarantine (dq_rejected_rows).';

create or replace view bi.data_quality_rejects as
select
    rejected.run_id,
    reason,
    count(*) as rejected_rows
from dq_rejected_rows rejected
cross join lateral unnest(rejected.reasons) as reason
where rejected.run_id = (select max(run_id) from etl_run where status = 'succeeded')
group by rejected.run_id, reason;
comment on view bi.data_quality_rejects is 'Rows the last succeeded run rejected, by reason. A row with several reasons counts under each, so the counts can add up to more than rows_rejected.';
comment on column bi.data_quality_rejects.run_id is 'Run id (etl_run).';
comment on column bi.data_quality_rejects.reason is 'Rejection reason code (MALFORMED_RECORD, MISSING_USER_ID, INVALID_TIMESTAMP, ...).';
comment on column bi.data_quality_rejects.rejected_rows is 'Rejected rows with this reason.';

create or replace view bi.data_quality_unmapped as
select
    run_id,
    field,
    issue_count                             as unmapped_count,
    array_to_string(sample_values, ' | ')   as sample_values
from dq_issue_counts
where issue_code = 'UNMAPPED_VALUE'
    and run_id = (select max(run_id) from etl_run where status = 'succeeded');
comment on view bi.data_quality_unmapped is 'Categorical values of the last succeeded run that the reference data does not map, per field: candidates for new aliases.';
comment on column bi.data_quality_unmapped.run_id is 'Run id (etl_run).';
comment on column bi.data_quality_unmapped.field is 'Input column (region, vehicle_model, feature_name, os_type, subscription_status).';
comment on column bi.data_quality_unmapped.unmapped_count is 'Rows of the run with an unmapped value in this field.';
comment on column bi.data_quality_unmapped.sample_values is 'The first five distinct raw values in file order, separated by " | ".';

-- Product analytics (contract section 8): each cell is exact for its own row; percentages of
-- several rows are ratios of summed counts, never sums of percentages.
create or replace view bi.retention_weekly as
select
    cohort_week_start,
    weeks_since,
    (cohort_week_start + 7 * weeks_since)   as activity_week_start,
    cohort_users,
    retained_users,
    retention_pct
from agg_retention_weekly;
comment on view bi.retention_weekly is 'Weekly cohort retention: users by the ISO week of their first event, and how many of them are active each week after (zero cells included).';
comment on column bi.retention_weekly.cohort_week_start is 'Monday of the cohort week: the week of the users'' first event (reporting time zone).';
comment on column bi.retention_weekly.weeks_since is 'Weeks after the cohort week, from 0 to the last week with any event.';
comment on column bi.retention_weekly.activity_week_start is 'Monday of the week counted: cohort_week_start + 7 x weeks_since.';
comment on column bi.retention_weekly.cohort_users is 'Users in the cohort.';
comment on column bi.retention_weekly.retained_users is 'Users of the cohort with an event in the activity week; cohort_users at weeks_since 0.';
comment on column bi.retention_weekly.retention_pct is '100 x retained_users / cohort_users, rounded to 2.';

create or replace view bi.feature_retention_weekly as
select
    feature_sk                              as feature_key,
    feature_name,
    cohort_week_start,
    weeks_since,
    (cohort_week_start + 7 * weeks_since)   as activity_week_start,
    cohort_users,
    retained_users,
    retention_pct
from agg_feature_retention_weekly;
comment on view bi.feature_retention_weekly is 'Weekly cohort retention per feature: users by the week they first used the feature, and how many use it each week after.';
comment on column bi.feature_retention_weekly.feature_key is 'Feature: bi.dim_feature.';
comment on column bi.feature_retention_weekly.feature_name is 'Feature name.';
comment on column bi.feature_retention_weekly.cohort_week_start is 'Monday of the week of the users'' first event of this feature.';
comment on column bi.feature_retention_weekly.weeks_since is 'Weeks after the cohort week, from 0 to the last week with any event of any feature.';
comment on column bi.feature_retention_weekly.activity_week_start is 'Monday of the week counted: cohort_week_start + 7 x weeks_since.';
comment on column bi.feature_retention_weekly.cohort_users is 'Users in the cohort.';
comment on column bi.feature_retention_weekly.retained_users is 'Users of the cohort who used the feature in the activity week.';
comment on column bi.feature_retention_weekly.retention_pct is '100 x retained_users / cohort_users, rounded to 2.';

create or replace view bi.feature_adoption_daily as
select
    adoption_date,
    date_sk         as date_key,
    feature_sk      as feature_key,
    feature_name,
    new_adopters,
    adopters,
    users_to_date,
    adoption_pct
from agg_feature_adoption_daily;
comment on view bi.feature_adoption_daily is 'Per day and feature: users who had used the feature by that day, against all users seen by then. Every day of the date range, days before the first adopter included.';
comment on column bi.feature_adoption_daily.adoption_date is 'The day (reporting time zone).';
comment on column bi.feature_adoption_daily.date_key is 'The day: bi.dim_date.';
comment on column bi.feature_adoption_daily.feature_key is 'Feature: bi.dim_feature.';
comment on column bi.feature_adoption_daily.feature_name is 'Feature name.';
comment on column bi.feature_adoption_daily.new_adopters is 'Users whose first event of the feature is on this day.';
comment on column bi.feature_adoption_daily.adopters is 'Users whose first event of the feature is on or before this day (cumulative: do not sum over days).';
comment on column bi.feature_adoption_daily.users_to_date is 'Users whose first event of any feature is on or before this day (cumulative).';
comment on column bi.feature_adoption_daily.adoption_pct is '100 x adopters / users_to_date, rounded to 2.';

create or replace view bi.days_active_monthly as
select
    month_start,
    days_active,
    users
from agg_days_active_monthly;
comment on view bi.days_active_monthly is 'Per calendar month with events: how many users were active on exactly n of its days (n from 1 to the month''s length, zero rows included).';
comment on column bi.days_active_monthly.month_start is 'First day of the month.';
comment on column bi.days_active_monthly.days_active is 'n: distinct days with an event in the month.';
comment on column bi.days_active_monthly.users is 'Users active on exactly days_active days of the month; summed over a month: its distinct active users.';

create or replace view bi.anomaly_daily as
select
    anomaly_date,
    date_sk          as date_key,
    metric,
    is_fleet,
    feature_sk       as feature_key,
    feature_name,
    metric_value,
    baseline_days,
    baseline_median,
    baseline_mad,
    robust_z,
    is_anomaly
from agg_anomaly_daily;
comment on view bi.anomaly_daily is 'Per day, metric (events, dau, error_rate_pct) and series (each feature, and the fleet as All features): the value against the median and MAD of the 28 days before, as a modified z-score.';
comment on column bi.anomaly_daily.anomaly_date is 'The day (reporting time zone).';
comment on column bi.anomaly_daily.date_key is 'The day: bi.dim_date.';
comment on column bi.anomaly_daily.metric is 'events, dau or error_rate_pct, as in the daily KPIs.';
comment on column bi.anomaly_daily.is_fleet is 'True for the whole fleet''s series, false for a feature''s.';
comment on column bi.anomaly_daily.feature_key is 'Feature: bi.dim_feature; NULL for the fleet''s series.';
comment on column bi.anomaly_daily.feature_name is 'The feature, or the label All features for the fleet.';
comment on column bi.anomaly_daily.metric_value is 'The metric that day; 0 events and users on a day without events; error_rate_pct NULL when no flag is known.';
comment on column bi.anomaly_daily.baseline_days is 'Days among the 28 before with a value (within the date range).';
comment on column bi.anomaly_daily.baseline_median is 'Median of those values; NULL with fewer than 14.';
comment on column bi.anomaly_daily.baseline_mad is 'Median absolute deviation from baseline_median; NULL with fewer than 14.';
comment on column bi.anomaly_daily.robust_z is '0.6745 x (metric_value - baseline_median) / baseline_mad, rounded to 4; NULL without a baseline, a value, or a MAD above 0.';
comment on column bi.anomaly_daily.is_anomaly is 'True when |robust_z| > 3.5.';
