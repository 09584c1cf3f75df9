//! PostgreSQL with no manual set-up, for the lessons' tests and query macros, `cargo course db`
//! and `cargo course serve`.
//!
//! [`server_url`] answers with `DATABASE_URL` when it is set. Otherwise it starts (once) a local
//! server from the installed PostgreSQL binaries, with its data under `target/local-postgres/`,
//! and reuses it across test processes and runs: a file lock makes concurrent test binaries wait
//! for one another while the server is created or started. As root, the server runs as the
//! `postgres` system user, since PostgreSQL refuses to run as root; when that user cannot reach
//! `target/` (a clone under root's private home), its data lives in the system's temporary folder
//! instead.
//!
//! [`point_query_macros_at_lesson_database`], called from a starter's build script, gives the
//! lesson's query macros a migrated database to check a learner's new queries against.
//!
//! [`ensure_database`] and [`fresh_database`] give `cargo course serve` and the conformance run a
//! database of their own by name.
//!
//! [`TestDatabase::create`] gives each test a database of its own, migrated, and drops it when the
//! test ends, passed or failed.

mod databases;
mod query_database;
mod server;
mod test_database;

pub use databases::{database_url, ensure_database, fresh_database};
pub use query_database::{lesson_database, point_query_macros_at_lesson_database};
pub use server::{Error, server_url, stop_local_server};
pub use test_database::TestDatabase;
