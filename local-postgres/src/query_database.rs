//! The database a lesson's checked queries compile against.
//!
//! SQLx's `query!` macros check each query against a real schema while the crate compiles: online,
//! against the database `DATABASE_URL` names, or offline, from the query data in the package's
//! `.sqlx/` folder. A starter's `.sqlx/` holds only the queries the lesson gives (the answers'
//! queries are nowhere in it), so the queries a learner writes need a database. The starter's
//! build script calls [`point_query_macros_at_lesson_database`], which makes sure the local server
//! runs and holds a database migrated with the lesson's own migrations, and hands its URL to the
//! macros. No `.env`, no `sqlx-cli`, nothing to run first.

use std::path::{Path, PathBuf};

use sqlx::ConnectOptions;
use sqlx::migrate::Migrator;

use crate::databases::{create_if_missing, on_server};
use crate::server::{Error, error, pid_file};

/// For a build script: sets `DATABASE_URL` for the package's compilation to its lesson database
/// (see [`lesson_database`]), so its query macros check against that.
///
/// With `SQLX_OFFLINE=true` (CI, the course's own checks) it does nothing: the macros read
/// `.sqlx/`. When there is no database to be had, it says why in a build warning and does
/// nothing either: the lesson's given queries still compile offline, and only a new query fails.
pub fn point_query_macros_at_lesson_database() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let migrations = manifest_dir.join("migrations");
    let package = std::env::var("CARGO_PKG_NAME").unwrap_or_default();
    println!("cargo::rerun-if-changed={}", migrations.display());
    for variable in ["SQLX_OFFLINE", "DATABASE_URL", "PG_BIN"] {
        println!("cargo::rerun-if-env-changed={variable}");
    }
    let offline = std::env::var("SQLX_OFFLINE")
        .is_ok_and(|value| value.eq_ignore_ascii_case("true") || value == "1");
    if offline {
        return;
    }
    match lesson_database(&package, &migrations) {
        Ok(url) => {
            // A server that stops (a reboot) removes its pid file: the next build comes back here
            // and starts it, instead of handing the macros a URL nobody answers.
            if let Some(pid) = pid_file() {
                println!("cargo::rerun-if-changed={}", pid.display());
            }
            println!("cargo::rustc-env=DATABASE_URL={url}");
        }
        Err(problem) => {
            let warning = format!(
                "{package}'s queries cannot be checked against its database: {problem}\n\
                 Until that is fixed they compile only from its .sqlx/ folder, which holds just \
                 the queries the lesson gives you: a query you write will not compile."
            );
            for line in warning.lines() {
                println!("cargo::warning={line}");
            }
        }
    }
}

/// The URL of `package`'s query database: `<package>_<hash of its migrations>` on the server
/// [`server_url`] names, created and migrated when missing. Named for the migrations, so a changed
/// migration gets a database of its own instead of a half-migrated old one.
pub fn lesson_database(package: &str, migrations: &Path) -> Result<String, Error> {
    let name = format!(
        "{}_{:012x}",
        package.replace('-', "_"),
        fingerprint(migrations)? & 0xffff_ffff_ffff
    );
    on_server(&name, async |mut admin, options| {
        create_if_missing(&mut admin, &name).await?;
        let mut connection = options
            .database(&name)
            .connect()
            .await
            .map_err(|e| error(format!("cannot connect to database {name}: {e}")))?;
        // Applies what is missing and nothing else, under SQLx's advisory lock.
        Migrator::new(migrations)
            .await
            .map_err(|e| error(format!("cannot read {}: {e}", migrations.display())))?
            .run(&mut connection)
            .await
            .map_err(|e| {
                error(format!(
                    "the migrations in {} failed: {e}",
                    migrations.display()
                ))
            })?;
        Ok(())
    })
}

/// FNV-1a over the migration files' names and contents, in name order: stable across Rust
/// versions and machines, unlike `DefaultHasher`.
fn fingerprint(migrations: &Path) -> Result<u64, Error> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(migrations)
        .map_err(|e| error(format!("cannot read {}: {e}", migrations.display())))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
        .collect();
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in files {
        let name = file.file_name().unwrap_or_default().as_encoded_bytes();
        let text = std::fs::read(&file)
            .map_err(|e| error(format!("cannot read {}: {e}", file.display())))?;
        for byte in name.iter().chain([0u8].iter()).chain(text.iter()) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    Ok(hash)
}
