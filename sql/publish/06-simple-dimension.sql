-- A simple dimension ({table}, members of dim_key's dimension '{dimension}'), run once for each.
-- The dimensions hold the members present in the loaded events (the run lists them from every
-- day's state). A member keeps its key; one no event has any more (its events were replaced by
-- better rows) leaves.
insert into {table} ({key}, {column})
select key.sk, member.member from incoming_dim_member member
join dim_key key on key.dimension = member.dimension and key.member = member.member
where member.run_id = :run_id and member.dimension = '{dimension}'
on conflict ({key}) do nothing;

delete from {table} where {key} not in (
    select key.sk from incoming_dim_member member
    join dim_key key on key.dimension = member.dimension and key.member = member.member
    where member.run_id = :run_id and member.dimension = '{dimension}')
