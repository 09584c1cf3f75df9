//! Points the capstone's query macros at a database migrated with its own migrations (see
//! `local-postgres/src/query_database.rs`), whatever `DATABASE_URL` the shell has: Lesson 6 builds
//! on the capstone, and a learner's `DATABASE_URL` may name a server whose `postgres` database has
//! none of its tables. With `SQLX_OFFLINE=true` (CI) the queries compile from `.sqlx/`.

fn main() {
    local_postgres::point_query_macros_at_lesson_database();
}
