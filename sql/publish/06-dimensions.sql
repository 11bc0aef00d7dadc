-- The dimensions hold the members present in the loaded events (the run lists them from every
-- day's state). A member keeps its key; one no event has any more (its events were replaced by
-- better rows) leaves. The calendar only grows: loaded events never go away.
insert into dim_date
select date_sk, calendar_date, year, quarter, month, month_name, iso_year, iso_week, day_of_week,
    day_name, is_weekend
from stage_dim_date where run_id = :run_id
on conflict (date_sk) do nothing;

insert into dim_region (region_sk, region)
select key.sk, member.member from stage_dim_member member
join dim_key key on key.dimension = member.dimension and key.member = member.member
where member.run_id = :run_id and member.dimension = 'region'
on conflict (region_sk) do nothing;
delete from dim_region where region_sk not in (
    select key.sk from stage_dim_member member
    join dim_key key on key.dimension = member.dimension and key.member = member.member
    where member.run_id = :run_id and member.dimension = 'region');

insert into dim_platform (platform_sk, os_type)
select key.sk, member.member from stage_dim_member member
join dim_key key on key.dimension = member.dimension and key.member = member.member
where member.run_id = :run_id and member.dimension = 'platform'
on conflict (platform_sk) do nothing;
delete from dim_platform where platform_sk not in (
    select key.sk from stage_dim_member member
    join dim_key key on key.dimension = member.dimension and key.member = member.member
    where member.run_id = :run_id and member.dimension = 'platform');

insert into dim_vehicle (vehicle_sk, vehicle_model)
select key.sk, member.member from stage_dim_member member
join dim_key key on key.dimension = member.dimension and key.member = member.member
where member.run_id = :run_id and member.dimension = 'vehicle'
on conflict (vehicle_sk) do nothing;
delete from dim_vehicle where vehicle_sk not in (
    select key.sk from stage_dim_member member
    join dim_key key on key.dimension = member.dimension and key.member = member.member
    where member.run_id = :run_id and member.dimension = 'vehicle');

insert into dim_feature (feature_sk, feature_name)
select key.sk, member.member from stage_dim_member member
join dim_key key on key.dimension = member.dimension and key.member = member.member
where member.run_id = :run_id and member.dimension = 'feature'
on conflict (feature_sk) do nothing;
delete from dim_feature where feature_sk not in (
    select key.sk from stage_dim_member member
    join dim_key key on key.dimension = member.dimension and key.member = member.member
    where member.run_id = :run_id and member.dimension = 'feature');

insert into dim_app_version
select key.sk, version.app_version, version.major, version.minor, version.sort_order,
    version.first_seen_date
from stage_dim_app_version version
join dim_key key on key.dimension = 'app_version' and key.member = version.app_version
where version.run_id = :run_id
on conflict (app_version_sk) do update set first_seen_date = excluded.first_seen_date;
delete from dim_app_version where app_version_sk not in (
    select key.sk from stage_dim_app_version version
    join dim_key key on key.dimension = 'app_version' and key.member = version.app_version
    where version.run_id = :run_id)
