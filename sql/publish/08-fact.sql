-- The fact receives the events the run wrote: new ones are inserted (a plain insert: they cannot
-- be there), replaced ones updated in place (an event's date never changes, so neither does its
-- partition). Every key is joined from its dimension: an event whose member were missing would
-- not be written, and the publish counts the rows both statements wrote.
select fact_month_partition('fact_feature_usage', month)
from (select distinct date_sk / 100 as month from incoming_touched_day where run_id = :run_id) as months;

-- The written events with their keys, joined once for both statements: a view, so nothing is
-- materialized; each statement's plan inlines it.
create temporary view written_fact_rows as
select event.usage_sk, usr.user_sk, vehicle.vehicle_sk, feature.feature_sk, region.region_sk,
    platform.platform_sk, version.app_version_sk, to_char(event.date, 'YYYYMMDD')::integer as date_sk,
    event.feature_used_at, event.session_duration_min, event.error_flag, event.feedback_rating,
    event.app_version, event.os_type, event.region, event.subscription_status, event.is_new
from written_events event
join dim_user usr on usr.user_id = event.user_id
join dim_vehicle vehicle on vehicle.vehicle_model = event.vehicle_model
join dim_feature feature on feature.feature_name = event.feature_name
join dim_region region on region.region = event.region
join dim_platform platform on platform.os_type = event.os_type
join dim_app_version version on version.app_version = event.app_version;

insert into fact_feature_usage
select usage_sk, user_sk, vehicle_sk, feature_sk, region_sk, platform_sk, app_version_sk, date_sk,
    feature_used_at, session_duration_min, error_flag, feedback_rating, app_version, os_type, region,
    subscription_status
from written_fact_rows
where is_new;

update fact_feature_usage fact set
    user_sk = written.user_sk,
    vehicle_sk = written.vehicle_sk,
    feature_sk = written.feature_sk,
    region_sk = written.region_sk,
    platform_sk = written.platform_sk,
    app_version_sk = written.app_version_sk,
    feature_used_at = written.feature_used_at,
    session_duration_min = written.session_duration_min,
    error_flag = written.error_flag,
    feedback_rating = written.feedback_rating,
    app_version = written.app_version,
    os_type = written.os_type,
    region = written.region,
    subscription_status = written.subscription_status
from written_fact_rows written
where not written.is_new
    and fact.usage_sk = written.usage_sk
    and fact.date_sk = written.date_sk;

drop view written_fact_rows;
