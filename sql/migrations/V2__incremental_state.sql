-- usage-intel 0.2: the warehouse keeps mergeable state, so that a run reads back and rewrites only
-- what its new events touch, and the fact only grows, partitioned by month.

-- The users' current attributes are staged as state (stage_state_user) since 0.2.
drop table if exists stage_dim_user;

-- The warehouse's mergeable state (README, "How a run publishes"): what the published tables are
-- computed from, so that a run reads back the state of what it touches, never all events.
-- Users are sets of dim_key keys, as RoaringBitmap's portable serialization; sums are exact.
create table if not exists state_day (
    date_sk             integer primary key,
    events              bigint not null,
    error_events        bigint not null,
    known_flag_events   bigint not null,
    session_minutes_sum numeric not null,
    session_count       bigint not null,
    rating_sum          numeric not null,
    rating_count        bigint not null,
    users               bytea not null
);

create table if not exists state_version_day (
    os_type             text not null,
    app_version         text not null,
    date_sk             integer not null,
    events              bigint not null,
    error_events        bigint not null,
    known_flag_events   bigint not null,
    session_minutes_sum numeric not null,
    session_count       bigint not null,
    rating_sum          numeric not null,
    rating_count        bigint not null,
    users               bytea not null,
    primary key (date_sk, os_type, app_version)
);

-- The dimension members present among each day's events (dimension as in dim_key).
create table if not exists state_member_day (
    date_sk   integer not null,
    dimension text not null,
    member    text not null,
    primary key (date_sk, dimension, member)
);

-- Per user, the first and last instants of their events (epoch microseconds), and per user and
-- attribute (a dim_user column) the latest known value with its event's instant and feature:
-- each run's part merges in by the rule of dim_user (contract section 4).
create table if not exists state_user (
    user_id           text primary key,
    first_seen_micros bigint not null,
    last_seen_micros  bigint not null
);

create table if not exists state_user_attribute (
    user_id      text not null,
    attribute    text not null,
    value        text not null,
    at_micros    bigint not null,
    feature_name text not null,
    primary key (user_id, attribute)
);

-- Run-scoped staging of the state above, and of the days a run recomputes.
create unlogged table if not exists stage_touched_day (
    run_id  bigint not null,
    date_sk integer not null,
    primary key (run_id, date_sk)
);

create unlogged table if not exists stage_state_day (
    run_id bigint not null,
    like state_day,
    primary key (run_id, date_sk)
);

create unlogged table if not exists stage_state_version_day (
    run_id bigint not null,
    like state_version_day,
    primary key (run_id, date_sk, os_type, app_version)
);

create unlogged table if not exists stage_state_member_day (
    run_id bigint not null,
    like state_member_day,
    primary key (run_id, date_sk, dimension, member)
);

create unlogged table if not exists stage_state_user (
    run_id bigint not null,
    like state_user,
    primary key (run_id, user_id)
);

create unlogged table if not exists stage_state_user_attribute (
    run_id bigint not null,
    like state_user_attribute,
    primary key (run_id, user_id, attribute)
);

-- Users whose staged state is complete (a loaded event of theirs was replaced): it overwrites.
create unlogged table if not exists stage_replaced_user (
    run_id  bigint not null,
    user_id text not null,
    primary key (run_id, user_id)
);

-- The fact becomes partitioned by month of the event date (date_sk ranges): a run inserts its new
-- events, and updates the events its rows replaced, in the partitions of their months only. Keys
-- never change: the rows of a fact made by 0.1 move over as they are. The references to the
-- dimensions are checked by the publish for the rows it writes (every key is joined from its
-- dimension and the rows counted), not declared: a declared foreign key is checked, and locks its
-- dimension row, once per inserted event, which cost more than the insert itself.
create table fact_feature_usage_by_month (
    usage_sk             bigint not null,
    user_sk              integer not null,
    vehicle_sk           integer not null,
    feature_sk           integer not null,
    region_sk            integer not null,
    platform_sk          integer not null,
    app_version_sk       integer not null,
    date_sk              integer not null,
    feature_used_at      timestamptz not null,
    session_duration_min double precision,
    error_flag           smallint,
    feedback_rating      double precision,
    app_version          text not null,
    os_type              text not null,
    region               text not null,
    subscription_status  text not null
) partition by range (date_sk);

-- The partition of the fact for month yyyymm, made if missing: the publish makes those of the
-- months a run touches; here, those of the loaded events.
create or replace function fact_month_partition(parent regclass, month integer) returns void
language plpgsql as $$
begin
    execute format('create table if not exists fact_feature_usage_p%s partition of %s'
        || ' for values from (%s) to (%s)', month, parent, month * 100 + 1,
        case when month % 100 = 12 then (month / 100 + 1) * 10000 + 101 else (month + 1) * 100 + 1 end);
end
$$;

select fact_month_partition('fact_feature_usage_by_month', month)
from (select distinct date_sk / 100 as month from fact_feature_usage) as months;

insert into fact_feature_usage_by_month (usage_sk, user_sk, vehicle_sk, feature_sk, region_sk,
    platform_sk, app_version_sk, date_sk, feature_used_at, session_duration_min, error_flag,
    feedback_rating, app_version, os_type, region, subscription_status)
select usage_sk, user_sk, vehicle_sk, feature_sk, region_sk, platform_sk, app_version_sk, date_sk,
    feature_used_at, session_duration_min, error_flag, feedback_rating, app_version, os_type, region,
    subscription_status
from fact_feature_usage;

-- The BI views over the old table go with it; every run applies sql/bi.sql after migrating.
drop table fact_feature_usage cascade;
alter table fact_feature_usage_by_month rename to fact_feature_usage;
alter table fact_feature_usage add primary key (usage_sk, date_sk);
create index fact_feature_usage_user_idx on fact_feature_usage (user_sk);
create index fact_feature_usage_vehicle_idx on fact_feature_usage (vehicle_sk);
create index fact_feature_usage_feature_idx on fact_feature_usage (feature_sk);
create index fact_feature_usage_region_idx on fact_feature_usage (region_sk);
create index fact_feature_usage_platform_idx on fact_feature_usage (platform_sk);
create index fact_feature_usage_app_version_idx on fact_feature_usage (app_version_sk);
create index fact_feature_usage_date_idx on fact_feature_usage (date_sk);
