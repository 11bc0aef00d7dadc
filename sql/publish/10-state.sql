-- The touched days' state replaces what was stored for them.
delete from state_day
where date_sk in (select date_sk from incoming_touched_day where run_id = :run_id);
insert into state_day
select date_sk, events, error_events, known_flag_events, session_minutes_sum, session_count,
    rating_sum, rating_count, users
from incoming_state_day where run_id = :run_id;

delete from state_version_day
where date_sk in (select date_sk from incoming_touched_day where run_id = :run_id);
insert into state_version_day
select os_type, app_version, date_sk, events, error_events, known_flag_events,
    session_minutes_sum, session_count, rating_sum, rating_count, users
from incoming_state_version_day where run_id = :run_id;

delete from state_member_day
where date_sk in (select date_sk from incoming_touched_day where run_id = :run_id);
insert into state_member_day
select date_sk, dimension, member from incoming_state_member_day where run_id = :run_id;

delete from state_feature_day
where date_sk in (select date_sk from incoming_touched_day where run_id = :run_id);
insert into state_feature_day
select feature_name, date_sk, events, error_events, known_flag_events, session_minutes_sum,
    session_count, rating_sum, rating_count, users
from incoming_state_feature_day where run_id = :run_id
