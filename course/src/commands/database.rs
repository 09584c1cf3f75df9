//! `db` and `prepare-queries`.

use std::path::Path;

use anyhow::{Context, bail};
use course::Catalog;

pub fn server() -> anyhow::Result<()> {
    let url = course::db::server_url()?;
    println!("{url}");
    eprintln!("\nConnect with: psql {url}");
    Ok(())
}

pub fn lesson(root: &Path, catalog: &Catalog, lesson: &str) -> anyhow::Result<()> {
    let Some(lesson) = lesson.parse().ok().and_then(|n| catalog.lesson(n)) else {
        bail!(
            "there is no lesson {lesson}; lessons are numbered 1 to {}",
            catalog.lessons.len()
        );
    };
    let url = course::db::prepare_lesson(root, lesson)?;
    println!("{url}");
    eprintln!(
        "\nA fresh database with lesson {}'s migrations, written to {}/.env: `cargo test -p {}` now\n\
         checks the queries you write against it. Run this again after changing a migration.",
        lesson.number,
        lesson.starter_dir(Path::new("")).display(),
        lesson.package()
    );
    Ok(())
}

pub fn prepare_queries(root: &Path, catalog: &Catalog) -> anyhow::Result<()> {
    let dir = root.join(".sqlx");
    let fresh = root.join("target").join("sqlx-fresh");
    let _ = std::fs::remove_dir_all(&fresh);
    eprintln!("Compiling every package with queries against a fresh database…");
    course::queries::generate(root, catalog, &fresh)?;
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::rename(&fresh, &dir).context("cannot replace .sqlx")?;
    println!(
        "{} queries written to .sqlx/",
        course::queries::read(&dir)?.len()
    );
    Ok(())
}
