//! `cargo course db` (the course's PostgreSQL, or a lesson's database) and `maintain
//! prepare-queries`.

use std::path::Path;

use anyhow::Context;
use course::Catalog;

pub fn server() -> anyhow::Result<()> {
    let url = local_postgres::server_url()?;
    println!("{url}");
    eprintln!("\nConnect with: psql {url}");
    Ok(())
}

pub fn stop() -> anyhow::Result<()> {
    if local_postgres::stop_local_server()? {
        println!(
            "The course's PostgreSQL is stopped; it starts again when a test or build needs it."
        );
    } else {
        println!("The course's PostgreSQL is not running.");
    }
    Ok(())
}

pub fn lesson(root: &Path, catalog: &Catalog, lesson: &str) -> anyhow::Result<()> {
    let lesson = super::lesson(catalog, lesson)?;
    let migrations = lesson.starter_dir(root).join("migrations");
    if !migrations.is_dir() {
        anyhow::bail!("lesson {} has no database", lesson.number);
    }
    // The database the lesson's query macros check against (see
    // `local_postgres::point_query_macros_at_lesson_database`), migrated with the learner's
    // migrations: what `psql` shows there is what the queries compile against.
    let url = local_postgres::lesson_database(&lesson.package(), &migrations)?;
    println!("{url}");
    eprintln!(
        "\nLesson {}'s database, migrated with {}/migrations: the one its queries compile\n\
         against (the lesson's build creates it; a changed migration gets a new one).\n\
         Connect with: psql {url}",
        lesson.number,
        lesson.starter_dir(Path::new("")).display(),
    );
    Ok(())
}

pub fn prepare_queries(root: &Path, catalog: &Catalog) -> anyhow::Result<()> {
    let fresh = root.join("target").join("sqlx-fresh");
    let _ = std::fs::remove_dir_all(&fresh);
    eprintln!("Compiling every package with queries against a fresh database…");
    let packages = course::queries::packages(root, catalog);
    course::queries::generate(root, &packages, &fresh)?;
    for package in &packages {
        let dir = root.join(&package.dir).join(".sqlx");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::rename(fresh.join(&package.dir).join(".sqlx"), &dir)
            .with_context(|| format!("cannot replace {}", dir.display()))?;
        println!(
            "{:3} queries written to {}",
            course::queries::read(&dir)?.len(),
            package.dir.join(".sqlx").display()
        );
    }
    Ok(())
}
