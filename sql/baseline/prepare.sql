-- The in-PostgreSQL baseline, part 1 of 2: a fresh schema `baseline` with the tables COPY fills.
-- Then the caller COPYs the raw file into baseline.raw_line (one text column: every physical line
-- as it is, numbered in file order) and puts the reference data JSON into baseline.reference_doc,
-- and runs transform.sql. See BENCHMARKS.md for how this differs from the product.

drop schema if exists baseline cascade;
create schema baseline;

-- Unlogged: a crash loses nothing that a re-run would not rebuild, and nothing goes to the WAL.
create unlogged table baseline.raw_line (
    line_number bigint generated always as identity,
    line        text
);

create unlogged table baseline.reference_doc (
    doc jsonb not null
);
