-- usage-intel schema: applied by the pipeline at the start of every run; safe to re-run.
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
    error_message       text
);

-- Every loaded event: one row per event identity (user_id, feature_used_at, feature_name).
create table if not exists stg_feature_usage (
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
    run_id               bigint not null references etl_run (run_id),
    primary key (user_id, feature_used_at, feature_name)
);
create index if not exists stg_feature_usage_date_idx on stg_feature_usage (date);

-- Run-scoped staging: a run writes here, then publishes in one transaction and clears its rows.
-- Unlogged: its rows are worthless after a crash, and the next run of the same input rewrites them.
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
    usable_field_count   smallint not null,
    primary key (run_id, user_id, feature_used_at, feature_name)
);

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
