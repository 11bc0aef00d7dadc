-- Users' current attributes (contract section 4). A staged part merges into the stored state by
-- the rule of dim_user: per attribute the later known value wins; at the same instant the event
-- whose feature sorts first, and the staged one when it is the same event (the staged part holds
-- every event of its days as they are now). A user whose loaded event was replaced was tallied
-- over all their events, so their state is replaced whole.
delete from state_user
where user_id in (select user_id from stage_replaced_user where run_id = :run_id);

insert into state_user as stored
select user_id, region, region_at, region_feature, subscription_status, subscription_status_at,
    subscription_status_feature, vehicle_model, vehicle_model_at, vehicle_model_feature, os_type,
    os_type_at, os_type_feature, first_seen_micros, last_seen_micros
from stage_state_user where run_id = :run_id
on conflict (user_id) do update set
    (region, region_at, region_feature) = (
        select case when taken then excluded.region else stored.region end,
            case when taken then excluded.region_at else stored.region_at end,
            case when taken then excluded.region_feature else stored.region_feature end
        from (select excluded.region is not null and (stored.region is null
            or excluded.region_at > stored.region_at
            or (excluded.region_at = stored.region_at
                and excluded.region_feature collate "C" <= stored.region_feature collate "C")))
            as rule (taken)),
    (subscription_status, subscription_status_at, subscription_status_feature) = (
        select case when taken then excluded.subscription_status else stored.subscription_status end,
            case when taken then excluded.subscription_status_at else stored.subscription_status_at end,
            case when taken then excluded.subscription_status_feature else stored.subscription_status_feature end
        from (select excluded.subscription_status is not null and (stored.subscription_status is null
            or excluded.subscription_status_at > stored.subscription_status_at
            or (excluded.subscription_status_at = stored.subscription_status_at
                and excluded.subscription_status_feature collate "C"
                    <= stored.subscription_status_feature collate "C")))
            as rule (taken)),
    (vehicle_model, vehicle_model_at, vehicle_model_feature) = (
        select case when taken then excluded.vehicle_model else stored.vehicle_model end,
            case when taken then excluded.vehicle_model_at else stored.vehicle_model_at end,
            case when taken then excluded.vehicle_model_feature else stored.vehicle_model_feature end
        from (select excluded.vehicle_model is not null and (stored.vehicle_model is null
            or excluded.vehicle_model_at > stored.vehicle_model_at
            or (excluded.vehicle_model_at = stored.vehicle_model_at
                and excluded.vehicle_model_feature collate "C" <= stored.vehicle_model_feature collate "C")))
            as rule (taken)),
    (os_type, os_type_at, os_type_feature) = (
        select case when taken then excluded.os_type else stored.os_type end,
            case when taken then excluded.os_type_at else stored.os_type_at end,
            case when taken then excluded.os_type_feature else stored.os_type_feature end
        from (select excluded.os_type is not null and (stored.os_type is null
            or excluded.os_type_at > stored.os_type_at
            or (excluded.os_type_at = stored.os_type_at
                and excluded.os_type_feature collate "C" <= stored.os_type_feature collate "C")))
            as rule (taken)),
    first_seen_micros = least(stored.first_seen_micros, excluded.first_seen_micros),
    last_seen_micros = greatest(stored.last_seen_micros, excluded.last_seen_micros);

insert into dim_user
select key.sk, stored.user_id, coalesce(stored.region, 'Unknown'),
    coalesce(stored.subscription_status, 'Unknown'), coalesce(stored.vehicle_model, 'Unknown'),
    coalesce(stored.os_type, 'Unknown'),
    timestamptz 'epoch' + stored.first_seen_micros * interval '1 microsecond',
    timestamptz 'epoch' + stored.last_seen_micros * interval '1 microsecond'
from stage_state_user staged
join state_user stored on stored.user_id = staged.user_id
join dim_key key on key.dimension = 'user' and key.member = staged.user_id
where staged.run_id = :run_id
on conflict (user_sk) do update set
    region = excluded.region,
    subscription_status = excluded.subscription_status,
    vehicle_model = excluded.vehicle_model,
    os_type = excluded.os_type,
    first_seen_at = excluded.first_seen_at,
    last_seen_at = excluded.last_seen_at
