-- The survivor rule across runs (contract section 3): a staged event is inserted, or replaces the
-- loaded one only if it is better; it keeps the loaded event's usage_sk. The rows written (new
-- events, and the events they replaced) are kept: they are what the fact receives.
create temp table written_events on commit drop as
with written as (
    insert into stg_feature_usage as loaded (
        user_id, region, vehicle_model, feature_name, session_duration_min, error_flag,
        feedback_rating, app_version, os_type, subscription_status, feature_used_at, date, week,
        iso_year, raw_record, usable_field_count, run_id)
    select
        user_id, region, vehicle_model, feature_name, session_duration_min, error_flag,
        feedback_rating, app_version, os_type, subscription_status, feature_used_at, date, week,
        iso_year, raw_record, usable_field_count, :run_id
    from run_events
    on conflict (user_id, feature_used_at, feature_name) do update set
        region = excluded.region,
        vehicle_model = excluded.vehicle_model,
        session_duration_min = excluded.session_duration_min,
        error_flag = excluded.error_flag,
        feedback_rating = excluded.feedback_rating,
        app_version = excluded.app_version,
        os_type = excluded.os_type,
        subscription_status = excluded.subscription_status,
        date = excluded.date,
        week = excluded.week,
        iso_year = excluded.iso_year,
        raw_record = excluded.raw_record,
        usable_field_count = excluded.usable_field_count,
        run_id = excluded.run_id
    where excluded.usable_field_count > loaded.usable_field_count
        or (excluded.usable_field_count = loaded.usable_field_count
            and excluded.raw_record collate "C" < loaded.raw_record collate "C")
    returning loaded.*, (loaded.xmax = 0) as is_new
)
select * from written
