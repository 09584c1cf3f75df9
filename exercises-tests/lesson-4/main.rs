//! The exercise tests of Lesson 4, compiled into both `lesson-4` (the starter) and `solution-4`.
//! Each test gets a PostgreSQL database of its own, migrated and dropped afterwards; the server is
//! `DATABASE_URL` or, when that is not set, a local one the tests start (see `local-postgres`).

mod support;

mod ex4_01_pool;
mod ex4_02_migrations;
mod ex4_03_queries;
mod ex4_04_errors;
mod ex4_05_transaction;
mod ex4_06_extractor;
mod ex4_07_offset;
mod ex4_08_keyset;
mod ex4_09_n_plus_one;
mod ex4_10_auth_store;
