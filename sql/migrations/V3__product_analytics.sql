-- usage-intel 0.3: the product-analytics tables of contract section 8, and the per-feature day
-- state they are computed from.

-- Each day's tally of each feature's events, users as a RoaringBitmap of dim_key keys, like
-- state_day: retention, adoption and anomalies are computed from these, never from events.
create table if not exists state_feature_day (
    feature_name text not null,
    like state_day,
    primary key (date_sk, feature_name)
);

create unlogged table if not exists stage_state_feature_day (
    run_id bigint not null,
    like state_feature_day,
    primary key (run_id, date_sk, feature_name)
);

-- Days stored by 0.2 have no feature state: emptied, every loaded day is recomputed from its events
-- once, by the next run (RunLedger.loadedDaysWithoutState).
delete from state_day;
delete from state_version_day;
delete from state_member_day;

-- 8.1 and 8.2: cohort weeks are named by their Monday, which may precede the first day of
-- dim_date, so they refer to no dim_date row.
create table if not exists agg_retention_weekly (
    cohort_week_start date not null,
    weeks_since       integer not null check (weeks_since >= 0),
    cohort_users      bigint not null,
    retained_users    bigint not null,
    retention_pct     numeric(5, 2) not null,
    primary key (cohort_week_start, weeks_since)
);

create table if not exists agg_feature_retention_weekly (
    feature_name      text not null,
    cohort_week_start date not null,
    weeks_since       integer not null check (weeks_since >= 0),
    cohort_users      bigint not null,
    retained_users    bigint not null,
    retention_pct     numeric(5, 2) not null,
    feature_sk        integer not null references dim_feature (feature_sk),
    primary key (feature_name, cohort_week_start, weeks_since)
);

create table if not exists agg_feature_adoption_daily (
    adoption_date  date not null,
    feature_name   text not null,
    new_adopters   bigint not null,
    adopters       bigint not null,
    users_to_date  bigint not null check (users_to_date > 0),
    adoption_pct   numeric(5, 2) not null,
    date_sk        integer not null references dim_date (date_sk),
    feature_sk     integer not null references dim_feature (feature_sk),
    primary key (adoption_date, feature_name)
);

create table if not exists agg_days_active_monthly (
    month_start date not null,
    days_active integer not null check (days_active between 1 and 31),
    users       bigint not null,
    primary key (month_start, days_active)
);

-- The fleet's series is labelled 'All features' with is_fleet true and no feature_sk; the key
-- keeps a feature of that name apart.
create table if not exists agg_anomaly_daily (
    anomaly_date    date not null,
    metric          text not null check (metric in ('events', 'dau', 'error_rate_pct')),
    is_fleet        boolean not null,
    feature_name    text not null,
    metric_value    numeric(20, 2),
    baseline_days   integer not null,
    baseline_median numeric(20, 4),
    baseline_mad    numeric(20, 4),
    robust_z        numeric(20, 4),
    is_anomaly      boolean not null,
    date_sk         integer not null references dim_date (date_sk),
    feature_sk      integer references dim_feature (feature_sk),
    check (is_fleet = (feature_sk is null)),
    primary key (anomaly_date, metric, is_fleet, feature_name)
);

create unlogged table if not exists stage_agg_retention_weekly (
    run_id bigint not null,
    like agg_retention_weekly,
    primary key (run_id, cohort_week_start, weeks_since)
);

-- The feature's key is joined at publish.
create unlogged table if not exists stage_agg_feature_retention_weekly (
    run_id       bigint not null,
    feature_name text not null,
    like agg_retention_weekly,
    primary key (run_id, feature_name, cohort_week_start, weeks_since)
);

create unlogged table if not exists stage_agg_feature_adoption_daily (
    run_id        bigint not null,
    date_sk       integer not null,
    feature_name  text not null,
    new_adopters  bigint not null,
    adopters      bigint not null,
    users_to_date bigint not null,
    adoption_pct  numeric(5, 2) not null,
    primary key (run_id, date_sk, feature_name)
);

create unlogged table if not exists stage_agg_days_active_monthly (
    run_id bigint not null,
    like agg_days_active_monthly,
    primary key (run_id, month_start, days_active)
);

create unlogged table if not exists stage_agg_anomaly_daily (
    run_id          bigint not null,
    date_sk         integer not null,
    metric          text not null,
    is_fleet        boolean not null,
    feature_name    text not null,
    metric_value    numeric(20, 2),
    baseline_days   integer not null,
    baseline_median numeric(20, 4),
    baseline_mad    numeric(20, 4),
    robust_z        numeric(20, 4),
    is_anomaly      boolean not null,
    primary key (run_id, date_sk, metric, is_fleet, feature_name)
);
