//! `cargo course`: where you are in the course and what to do next.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use course::Catalog;
use course::progress::{LessonProgress, LessonState, measure_course};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cargo course: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = find_root()?;
    let catalog = Catalog::load(&root)?;
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] | ["status"] => status(&root, &catalog),
        ["hint", id] => hint(&catalog, id),
        ["db"] => db(),
        ["prepare-queries"] => prepare_queries(&root, &catalog),
        ["db", lesson] => db_for_lesson(&root, &catalog, lesson),
        ["help" | "--help" | "-h"] => {
            print!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command `{}`\n\n{USAGE}", other.join(" ")),
    }
}

const USAGE: &str = "\
usage:
  cargo course            your progress in every lesson and the next exercise to do
  cargo course hint ID    the hint for exercise ID (for example 1.3)
  cargo course db         the URL of the course's PostgreSQL (started if needed), for psql
  cargo course db N       a fresh, migrated database for lesson N, named in its .env so that
                          the queries you write compile against it
  cargo course prepare-queries
                          refresh the offline query data in .sqlx/ (for maintainers, after
                          changing a query or a migration)
";

/// The checkout this command runs in: the nearest folder upwards that holds `course.toml`.
fn find_root() -> anyhow::Result<PathBuf> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    cwd.ancestors()
        .find(|dir| dir.join("course.toml").is_file())
        .map(Path::to_path_buf)
        .with_context(|| {
            format!(
                "{} is not inside a course checkout (no course.toml)",
                cwd.display()
            )
        })
}

fn status(root: &Path, catalog: &Catalog) -> anyhow::Result<()> {
    eprintln!("Running the exercise tests to measure your progress…");
    let progress = measure_course(root, catalog)?;
    println!("\nAxum Web Services in Production\n");
    for lesson in &progress {
        println!("  {}", lesson_line(lesson));
    }
    println!();
    let next = progress
        .iter()
        .find_map(|lesson| Some((lesson, lesson.next()?)));
    let Some((lesson, exercise)) = next else {
        println!("Every exercise written so far is done. Well done!");
        return Ok(());
    };
    if let LessonState::BuildFailed(errors) = &lesson.state {
        println!(
            "Lesson {} does not compile; fix this first:\n\n{errors}\n",
            lesson.lesson.number
        );
    }
    let files: Vec<String> = exercise
        .files
        .iter()
        .map(|file| {
            lesson
                .lesson
                .starter_dir(Path::new(""))
                .join(file)
                .display()
                .to_string()
        })
        .collect();
    println!("Next: exercise {}  {}", exercise.id, exercise.title);
    println!("  edit:  {}", files.join(", "));
    println!(
        "  test:  cargo test -p {} {}",
        lesson.lesson.package(),
        exercise.key()
    );
    println!(
        "  read:  mdbook/src/{}",
        exercise.book_section(lesson.lesson)
    );
    println!("  hint:  cargo course hint {}", exercise.id);
    Ok(())
}

fn lesson_line(progress: &LessonProgress) -> String {
    let lesson = progress.lesson;
    let name = format!("{}  {:<42}", lesson.number, lesson.title);
    match &progress.state {
        LessonState::Coming => format!("{name} coming"),
        LessonState::BuildFailed(_) => format!("{name} does not compile"),
        LessonState::Measured(_) => {
            let (done, total) = progress.counts();
            format!("{name} {:>2}/{total}  {}", done, bar(done, total))
        }
    }
}

fn bar(done: usize, total: usize) -> String {
    const WIDTH: usize = 20;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(0);
    format!("[{}{}]", "#".repeat(filled), "-".repeat(WIDTH - filled))
}

fn hint(catalog: &Catalog, id: &str) -> anyhow::Result<()> {
    let Some((lesson, exercise)) = catalog.exercise(id) else {
        bail!("there is no exercise {id}; `cargo course` lists them");
    };
    println!(
        "exercise {} ({})\n\n{}\n",
        exercise.id,
        exercise.title,
        exercise.hint.trim()
    );
    println!("read: mdbook/src/{}", exercise.book_section(lesson));
    Ok(())
}

fn db() -> anyhow::Result<()> {
    let url = course::db::server_url()?;
    println!("{url}");
    eprintln!("\nConnect with: psql {url}");
    Ok(())
}

fn db_for_lesson(root: &Path, catalog: &Catalog, lesson: &str) -> anyhow::Result<()> {
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

fn prepare_queries(root: &Path, catalog: &Catalog) -> anyhow::Result<()> {
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
