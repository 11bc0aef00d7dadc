-- Users' current attributes (contract section 4). A staged part merges into the stored state by
-- the rule of dim_user: per attribute the later known value wins; at the same instant the event
-- whose feature sorts first, and the staged one when it is the same event (the staged part holds
-- every event of its days as they are now). A user whose loaded event was replaced was tallied
-- over all their events, so their state is replaced whole: a replaced event can take away the
-- latest known value, which no merge can undo.
delete from state_user_attribute
where user_id in (select user_id from incoming_replaced_user where run_id = :run_id);
delete from state_user
where user_id in (select user_id from incoming_replaced_user where run_id = :run_id);

insert into state_user as stored
select user_id, first_seen_micros, last_seen_micros
from incoming_state_user where run_id = :run_id
on conflict (user_id) do update set
    first_seen_micros = least(stored.first_seen_micros, excluded.first_seen_micros),
    last_seen_micros = greatest(stored.last_seen_micros, excluded.last_seen_micros);

insert into state_user_attribute as stored
select user_id, attribute, value, at_micros, feature_name
from incoming_state_user_attribute where run_id = :run_id
on conflict (user_id, attribute) do update set
    value = excluded.value,
    at_micros = excluded.at_micros,
    feature_name = excluded.feature_name
where excluded.at_micros > stored.at_micros
    or (excluded.at_micros = stored.at_micros
        and excluded.feature_name collate "C" <= stored.feature_name collate "C");

insert into dim_user
select key.sk, span.user_id,
    coalesce(min(known.value) filter (where known.attribute = 'region'), 'Unknown'),
    coalesce(min(known.value) filter (where known.attribute = 'subscription_status'), 'Unknown'),
    coalesce(min(known.value) filter (where known.attribute = 'vehicle_model'), 'Unknown'),
    coalesce(min(known.value) filter (where known.attribute = 'os_type'), 'Unknown'),
    timestamptz 'epoch' + span.first_seen_micros * interval '1 microsecond',
    timestamptz 'epoch' + span.last_seen_micros * interval '1 microsecond'
from incoming_state_user staged
join state_user span on span.user_id = staged.user_id
join dim_key key on key.dimension = 'user' and key.member = staged.user_id
left join state_user_attribute known on known.user_id = staged.user_id
where staged.run_id = :run_id
group by key.sk, span.user_id, span.first_seen_micros, span.last_seen_micros
on conflict (user_sk) do update set
    region = excluded.region,
    subscription_status = excluded.subscription_status,
    vehicle_model = excluded.vehicle_model,
    os_type = excluded.os_type,
    first_seen_at = excluded.first_seen_at,
    last_seen_at = excluded.last_seen_at
