-- A read-only login for BI tools (Power BI, ...): SELECT on the views of schema bi, nothing else.
-- Safe to re-run. Not applied by the pipeline: an operator runs it once per database, as the owner
-- of schema bi (the user the pipeline loads with) or a superuser, after a run or `serve` has
-- created the schema:
--     psql -h 127.0.0.1 -p 54329 -U postgres -d postgres -f sql/bi-readonly-role.sql
-- and then sets the password interactively, so that it is in no file or shell history:
--     psql -h 127.0.0.1 -p 54329 -U postgres -d postgres -c '\password usage_intel_bi'
-- The views run with their owner's rights, so the role needs (and gets) no right on the tables
-- beneath them: not on the star schema, the per-run tables (incoming_*), the quarantine (dq_rejected_rows)
-- or etl_run.

do $$
begin
    if not exists (select from pg_roles where rolname = 'usage_intel_bi') then
        create role usage_intel_bi login nosuperuser nocreatedb nocreaterole noinherit;
    end if;
end
$$;
comment on role usage_intel_bi is 'usage-intel: read-only BI access to the views of schema bi.';

grant usage on schema bi to usage_intel_bi;
grant select on all tables in schema bi to usage_intel_bi;

-- Views a later version adds to bi are readable too: default privileges of the schema's owner,
-- who creates them at the start of every run.
do $$
begin
    execute format(
        'alter default privileges for role %I in schema bi grant select on tables to usage_intel_bi',
        (select pg_get_userbyid(nspowner) from pg_namespace where nspname = 'bi'));
end
$$;
