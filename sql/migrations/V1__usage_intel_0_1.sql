-- usage-intel 0.1 (the first release with versioned migrations): the star schema, the run ledger,
-- quarantine and run-scoped staging. Written to be applied on a database of any earlier version.
-- Timestamps are UTC timestamptz; dates are in the reporting time zone of the run.

create table if not exists etl_run (
    run_id              bigint generated always as identity primary key,
    started_at          timestamptz not null,
    finished_at         timestamptz,
    status              text not null check (status in ('running', 'succeeded', 'failed')),
    runner              text not null,
    inputs              text[] not null,
    reference_checksum  text not null,
    software_version    text not null,
    options             jsonb not null,
    rows_read           bigint,
    rows_new            bigint,
    rows_already_loaded bigint,
    rows_duplicate      bigint,
    rows_rejected       bigint,
    error_message       text,
    -- Seconds per phase of the publish transaction, in the order they ran (json keeps the order).
    publish_seconds     json
);
alter table etl_run add column if not exists publish_seconds json;

-- Every loaded event: one row per event identity (user_id, feature_used_at, feature_name).
-- usage_sk is the event's key forever: a better duplicate replaces the values, not the key.
create table if not exists stg_feature_usage (
    usage_sk             bigint generated always as identity unique,
    user_id              text not null,
    region               text not null,
    vehicle_model        text not null,
    feature_name         text not null,
    session_duration_min double precision,
    error_flag           smallint check (error_flag in (0, 1)),
    feedback_rating      double precision check (feedback_rating between 1 and 5),
    app_version          text not null,
    os_type              text not null,
    subscription_status  text not null,
    feature_used_at      timestamptz not null,
    date                 date not null,
    week                 smallint not null,
    iso_year             smallint not null,
    raw_record           text not null,
    usable_field_count   smallint not null,
    -- The run that loaded this version of the event. Not a foreign key: checking one per row
    -- locks the etl_run row once per event, which cost more than the insert itself.
    run_id               bigint not null,
    primary key (user_id, feature_used_at, feature_name)
);
alter table stg_feature_usage drop constraint if exists stg_feature_usage_run_id_fkey;
-- Databases made before usage_sk existed get it too.
alter table stg_feature_usage add column if not exists usage_sk bigint generated always as identity unique;
create index if not exists stg_feature_usage_date_idx on stg_feature_usage (date);

-- Run-scoped staging: a run writes here by COPY, then publishes in one transaction and clears it.
-- Unlogged: its rows are worthless after a crash, and the next run of the same input rewrites them.
-- No key: COPY cannot skip rows, so a bundle a runner retries may stage an event twice; the
-- publish step takes each identity once.
create unlogged table if not exists stage_feature_usage (
    run_id               bigint not null,
    user_id              text not null,
    region               text not null,
    vehicle_model        text not null,
    feature_name         text not null,
    session_duration_min double precision,
    error_flag           smallint,
    feedback_rating      double precision,
    app_version          text not null,
    os_type              text not null,
    subscription_status  text not null,
    feature_used_at      timestamptz not null,
    date                 date not null,
    week                 smallint not null,
    iso_year             smallint not null,
    raw_record           text not null,
    usable_field_count   smallint not null
);
alter table stage_feature_usage drop constraint if exists stage_feature_usage_pkey;

-- Quarantine: every rejected record of every run, with its reasons.
create table if not exists dq_rejected_rows (
    run_id      bigint not null references etl_run (run_id),
    source_file text not null,
    line_number bigint not null,
    raw_record  text not null,
    raw_bytes   bytea not null,
    reasons     text[] not null,
    primary key (run_id, source_file, line_number)
);

-- Per run, how often each field had each issue, with the first distinct raw values in file order.
create table if not exists dq_issue_counts (
    run_id        bigint not null references etl_run (run_id),
    field         text not null,
    issue_code    text not null,
    issue_count   bigint not null,
    sample_values text[] not null,
    primary key (run_id, field, issue_code)
);

-- Surrogate keys of dimension members, kept forever so that a member keeps its key across runs
-- even while no event refers to it. Integers: Power BI reads keys as doubles (exact below 2^53).
create table if not exists dim_key (
    dimension text not null,
    member    text not null,
    sk        integer generated always as identity unique,
    primary key (dimension, member)
);

-- The star schema. Dimension tables hold the members present in the loaded events; the publish
-- step rewrites them, the facts and the aggregates in one transaction.
create table if not exists dim_date (
    date_sk       integer primary key,
    calendar_date date not null unique,
    year          smallint not null,
    quarter       smallint not null,
    month         smallint not null,
    month_name    text not null,
    iso_year      smallint not null,
    iso_week      smallint not null,
    day_of_week   smallint not null,
    day_name      text not null,
    is_weekend    boolean not null
);

create table if not exists dim_region (
    region_sk integer primary key,
    region    text not null unique
);

create table if not exists dim_platform (
    platform_sk integer primary key,
    os_type     text not null unique
);

create table if not exists dim_vehicle (
    vehicle_sk    integer primary key,
    vehicle_model text not null unique
);

create table if not exists dim_feature (
    feature_sk   integer primary key,
    feature_name text not null unique
);

create table if not exists dim_app_version (
    app_version_sk  integer primary key,
    app_version     text not null unique,
    major           integer,
    minor           integer,
    sort_order      bigint not null,
    first_seen_date date not null
);

-- A user's current attributes: per attribute, the value of their latest event where it is known.
create table if not exists dim_user (
    user_sk             integer primary key,
    user_id             text not null unique,
    region              text not null,
    subscription_status text not null,
    vehicle_model       text not null,
    os_type             text not null,
    first_seen_at       timestamptz not null,
    last_seen_at        timestamptz not null
);

-- One row per loaded event; region and subscription_status as they were at the event.
-- The publish step rebuilds it: it drops the foreign keys and secondary indexes, inserts every
-- event, then adds them back, each checked or built in one pass (per-row checks lock the
-- dimension rows once per event and were most of the publish time). The definitions below are
-- the ones it restores.
create table if not exists fact_feature_usage (
    usage_sk             bigint primary key,
    user_sk              integer not null references dim_user (user_sk),
    vehicle_sk           integer not null references dim_vehicle (vehicle_sk),
    feature_sk           integer not null references dim_feature (feature_sk),
    region_sk            integer not null references dim_region (region_sk),
    platform_sk          integer not null references dim_platform (platform_sk),
    app_version_sk       integer not null references dim_app_version (app_version_sk),
    date_sk              integer not null references dim_date (date_sk),
    feature_used_at      timestamptz not null,
    session_duration_min double precision,
    error_flag           smallint,
    feedback_rating      double precision,
    app_version          text not null,
    os_type              text not null,
    region               text not null,
    subscription_status  text not null
);
create index if not exists fact_feature_usage_user_idx on fact_feature_usage (user_sk);
create index if not exists fact_feature_usage_vehicle_idx on fact_feature_usage (vehicle_sk);
create index if not exists fact_feature_usage_feature_idx on fact_feature_usage (feature_sk);
create index if not exists fact_feature_usage_region_idx on fact_feature_usage (region_sk);
create index if not exists fact_feature_usage_platform_idx on fact_feature_usage (platform_sk);
create index if not exists fact_feature_usage_app_version_idx on fact_feature_usage (app_version_sk);
create index if not exists fact_feature_usage_date_idx on fact_feature_usage (date_sk);

-- Per day, event-time region, feature, version and OS. dau is a distinct count of this grain;
-- the additive columns let a BI tool re-aggregate averages and rates correctly.
create table if not exists agg_usage_daily (
    feature_used_date   date not null,
    region              text not null,
    feature_name        text not null,
    app_version         text not null,
    os_type             text not null,
    dau                 bigint not null,
    events              bigint not null,
    error_events        bigint not null,
    avg_session         double precision,
    error_rate_pct      numeric(5, 2),
    date_sk             integer not null references dim_date (date_sk),
    region_sk           integer not null references dim_region (region_sk),
    feature_sk          integer not null references dim_feature (feature_sk),
    app_version_sk      integer not null references dim_app_version (app_version_sk),
    platform_sk         integer not null references dim_platform (platform_sk),
    known_flag_events   bigint not null,
    session_minutes_sum double precision not null,
    session_count       bigint not null,
    rating_sum          double precision not null,
    rating_count        bigint not null,
    primary key (date_sk, region_sk, feature_sk, app_version_sk, platform_sk)
);
create index if not exists agg_usage_daily_date_idx on agg_usage_daily (feature_used_date);

create table if not exists agg_kpi_daily (
    kpi_date       date primary key,
    date_sk        integer not null unique references dim_date (date_sk),
    events         bigint not null,
    dau            bigint not null,
    error_events   bigint not null,
    error_rate_pct numeric(5, 2),
    avg_session    double precision,
    dau_7d_avg     double precision not null,
    wau            bigint not null,
    mau            bigint not null,
    stickiness     double precision
);

create table if not exists agg_app_version_stability (
    os_type             text not null,
    app_version         text not null,
    major               integer not null,
    minor               integer not null,
    first_seen_date     date not null,
    events              bigint not null,
    users               bigint not null,
    error_events        bigint not null,
    known_flag_events   bigint not null,
    error_rate_pct      numeric(5, 2),
    prev_app_version    text,
    prev_error_rate_pct numeric(5, 2),
    diff_pp             numeric(6, 2),
    z_score             double precision,
    is_regression       boolean not null,
    platform_sk         integer not null references dim_platform (platform_sk),
    app_version_sk      integer not null references dim_app_version (app_version_sk),
    first_seen_date_sk  integer not null references dim_date (date_sk),
    primary key (os_type, app_version)
);

-- Run-scoped staging of everything above, published in one transaction and then cleared.
create unlogged table if not exists stage_dim_member (
    run_id    bigint not null,
    dimension text not null,
    member    text not null,
    primary key (run_id, dimension, member)
);

create unlogged table if not exists stage_dim_date (
    run_id        bigint not null,
    date_sk       integer not null,
    calendar_date date not null,
    year          smallint not null,
    quarter       smallint not null,
    month         smallint not null,
    month_name    text not null,
    iso_year      smallint not null,
    iso_week      smallint not null,
    day_of_week   smallint not null,
    day_name      text not null,
    is_weekend    boolean not null,
    primary key (run_id, date_sk)
);

create unlogged table if not exists stage_dim_app_version (
    run_id          bigint not null,
    app_version     text not null,
    major           integer,
    minor           integer,
    sort_order      bigint not null,
    first_seen_date date not null,
    primary key (run_id, app_version)
);

create unlogged table if not exists stage_dim_user (
    run_id              bigint not null,
    user_id             text not null,
    region              text not null,
    subscription_status text not null,
    vehicle_model       text not null,
    os_type             text not null,
    first_seen_at       timestamptz not null,
    last_seen_at        timestamptz not null,
    primary key (run_id, user_id)
);

-- Facts are built from stg_feature_usage at publish; databases made before that lose this table.
drop table if exists stage_fact_usage;

create unlogged table if not exists stage_agg_usage_daily (
    run_id              bigint not null,
    date_sk             integer not null,
    region              text not null,
    feature_name        text not null,
    app_version         text not null,
    os_type             text not null,
    dau                 bigint not null,
    events              bigint not null,
    error_events        bigint not null,
    avg_session         double precision,
    error_rate_pct      numeric(5, 2),
    known_flag_events   bigint not null,
    session_minutes_sum double precision not null,
    session_count       bigint not null,
    rating_sum          double precision not null,
    rating_count        bigint not null,
    primary key (run_id, date_sk, region, feature_name, app_version, os_type)
);

create unlogged table if not exists stage_agg_kpi_daily (
    run_id         bigint not null,
    date_sk        integer not null,
    events         bigint not null,
    dau            bigint not null,
    error_events   bigint not null,
    error_rate_pct numeric(5, 2),
    avg_session    double precision,
    dau_7d_avg     double precision not null,
    wau            bigint not null,
    mau            bigint not null,
    stickiness     double precision,
    primary key (run_id, date_sk)
);

create unlogged table if not exists stage_agg_app_version_stability (
    run_id              bigint not null,
    os_type             text not null,
    app_version         text not null,
    major               integer not null,
    minor               integer not null,
    first_seen_date_sk  integer not null,
    events              bigint not null,
    users               bigint not null,
    error_events        bigint not null,
    known_flag_events   bigint not null,
    error_rate_pct      numeric(5, 2),
    prev_app_version    text,
    prev_error_rate_pct numeric(5, 2),
    diff_pp             numeric(6, 2),
    z_score             double precision,
    is_regression       boolean not null,
    primary key (run_id, os_type, app_version)
);
