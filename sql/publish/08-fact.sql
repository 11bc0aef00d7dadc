-- The fact receives the events the run wrote: new ones are inserted, replaced ones updated in
-- place (an event's date never changes, so neither does its partition). Every key is joined from
-- its dimension: an event whose member were missing would not be written, and the count check
-- after this statement refuses the publish.
insert into fact_feature_usage
select event.usage_sk, usr.user_sk, vehicle.vehicle_sk, feature.feature_sk, region.region_sk,
    platform.platform_sk, version.app_version_sk, to_char(event.date, 'YYYYMMDD')::integer,
    event.feature_used_at, event.session_duration_min, event.error_flag, event.feedback_rating,
    event.app_version, event.os_type, event.region, event.subscription_status
from written_events event
join dim_user usr on usr.user_id = event.user_id
join dim_vehicle vehicle on vehicle.vehicle_model = event.vehicle_model
join dim_feature feature on feature.feature_name = event.feature_name
join dim_region region on region.region = event.region
join dim_platform platform on platform.os_type = event.os_type
join dim_app_version version on version.app_version = event.app_version
on conflict (usage_sk, date_sk) do update set
    user_sk = excluded.user_sk,
    vehicle_sk = excluded.vehicle_sk,
    feature_sk = excluded.feature_sk,
    region_sk = excluded.region_sk,
    platform_sk = excluded.platform_sk,
    app_version_sk = excluded.app_version_sk,
    feature_used_at = excluded.feature_used_at,
    session_duration_min = excluded.session_duration_min,
    error_flag = excluded.error_flag,
    feedback_rating = excluded.feedback_rating,
    app_version = excluded.app_version,
    os_type = excluded.os_type,
    region = excluded.region,
    subscription_status = excluded.subscription_status
