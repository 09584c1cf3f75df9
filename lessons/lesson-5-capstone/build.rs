//! Points this lesson's query macros at its own database, so the queries you write are checked
//! against the lesson's schema as you compile: see `local-postgres/src/query_database.rs`.

fn main() {
    local_postgres::point_query_macros_at_lesson_database();
}
