-- The role usage-intel loads with, and the only things it owns: the schema usage_intel, where the
-- pipeline creates and rewrites its tables, and the schema bi of the report views over them. Not a superuser, no CREATE on the database or on
-- public, no rights on any other schema. Run it once per database as a superuser; safe to re-run:
--   psql -h db.example.com -U postgres -d usage -f sql/etl-role.sql
-- then give the role a password (psql: \password usage_intel_etl) and load with
--   --jdbcUrl=jdbc:postgresql://db.example.com:5432/usage?currentSchema=usage_intel --dbUser=usage_intel_etl

do $$
begin
    if not exists (select from pg_roles where rolname = 'usage_intel_etl') then
        create role usage_intel_etl login;
    end if;
end
$$;

alter role usage_intel_etl nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls;

create schema if not exists usage_intel authorization usage_intel_etl;
alter schema usage_intel owner to usage_intel_etl;
create schema if not exists bi authorization usage_intel_etl;
alter schema bi owner to usage_intel_etl;

-- Its sessions find their tables there even without currentSchema in the URL.
alter role usage_intel_etl set search_path = usage_intel;

-- PostgreSQL 15 and later already deny everyone CREATE on public; older servers need this.
revoke create on schema public from public;
