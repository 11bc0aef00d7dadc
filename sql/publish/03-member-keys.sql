-- Members get keys once, for ever (users got theirs while the run tallied them).
insert into dim_key (dimension, member)
select dimension, member from incoming_dim_member where run_id = :run_id
union all
select 'app_version', app_version from incoming_dim_app_version where run_id = :run_id
on conflict do nothing
