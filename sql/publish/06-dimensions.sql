-- The calendar only grows: loaded events never go away. App versions as the simple dimensions
-- (06-simple-dimension.sql), with their first day and their place in the order updated.
insert into dim_date
select date_sk, calendar_date, year, quarter, month, month_name, iso_year, iso_week, day_of_week,
    day_name, is_weekend
from incoming_dim_date where run_id = :run_id
on conflict (date_sk) do nothing;

insert into dim_app_version
select key.sk, version.app_version, version.major, version.minor, version.sort_order,
    version.first_seen_date
from incoming_dim_app_version version
join dim_key key on key.dimension = 'app_version' and key.member = version.app_version
where version.run_id = :run_id
on conflict (app_version_sk) do update set
    sort_order = excluded.sort_order,
    first_seen_date = excluded.first_seen_date;
delete from dim_app_version where app_version_sk not in (
    select key.sk from incoming_dim_app_version version
    join dim_key key on key.dimension = 'app_version' and key.member = version.app_version
    where version.run_id = :run_id)
