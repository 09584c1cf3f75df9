//! PostgreSQL with no manual set-up, for the lessons' tests, `cargo course db` and
//! `cargo course serve`.
//!
//! [`server_url`] answers with `DATABASE_URL` when it is set. Otherwise it starts (once) a local
//! server from the installed PostgreSQL binaries, with its data under `target/local-postgres/`,
//! and reuses it across test processes and runs: a file lock makes concurrent test binaries wait
//! for one another while the server is created or started. As root, the server runs as the
//! `postgres` system user, since PostgreSQL refuses to run as root; when that user cannot reach
//! `target/` (a clone under root's private home), its data lives in the system's temporary folder
//! instead.
//!
//! [`TestDatabase::create`] gives each test a database of its own, migrated, and drops it when the
//! test ends, passed or failed.

mod server;
mod test_database;

pub use server::{Error, server_url};
pub use test_database::TestDatabase;
