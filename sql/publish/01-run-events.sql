-- The run's staged events, each identity once. A retried bundle may have staged an event twice
-- (COPY cannot skip rows): copies of one event tie on the survivor rule, so either is taken.
create temp table run_events on commit drop as
select distinct on (user_id, feature_used_at, feature_name)
    user_id, region, vehicle_model, feature_name, session_duration_min, error_flag,
    feedback_rating, app_version, os_type, subscription_status, feature_used_at, date, week,
    iso_year, raw_record, usable_field_count
from incoming_feature_usage
where run_id = :run_id
order by user_id, feature_used_at, feature_name, usable_field_count desc, raw_record collate "C"
