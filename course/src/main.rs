//! `cargo course`: where you are in the course, what to do next, and the instructor's tools.

mod commands;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use course::Catalog;

const USAGE: &str = "\
usage:
  cargo course                  your progress in every lesson, and the next exercise
  cargo course list [N]         every exercise (of lesson N) with its status, measured
  cargo course next             the next exercise: its file, test command and book section
  cargo course hint ID          one more hint for exercise ID (for example 1.3): a nudge
                                first, the near-answer last
  cargo course book [ID] [--open]
                                the book, rendered into target/book/ (at exercise ID's section)
  cargo course watch [--manual] work on the next exercise: its tests re-run on every save
  cargo course reset ID|N [--yes]
                                put exercise ID (or every exercise of lesson N) back as shipped
  cargo course serve            the capstone API on http://127.0.0.1:8080, on the local PostgreSQL
  cargo course db               the URL of the course's PostgreSQL (started if needed)
  cargo course db N             the URL of lesson N's database, the one your queries compile
                                against

for instructors:
  cargo course diff ID|N [--learner PATH]
                                a learner's exercise bodies beside the solution's
  cargo course grade PATH [--out DIR] [--lesson N]
                                run the exercise tests on a learner's checkout (of lesson N
                                only, if given); writes a table as Markdown and JSON
  cargo course prepare-queries  refresh the offline query data (each package's .sqlx/)
  cargo course conformance      RealWorld's API test suite (needs hurl) against the capstone,
                                started on a fresh database; fails unless every request passes
  cargo course check-order [N]  solve the exercises (of lesson N) in course order in a scratch
                                copy: each must pass at its turn, and none before it
  cargo course mutants N        cargo-mutants on lesson N's solved exercise regions, judged by
                                the exercise tests; fails on a survivor nobody explained
";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cargo course: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The command line: words, then `--flag` and `--option VALUE`.
struct Args {
    words: Vec<String>,
    flags: Vec<String>,
    options: Vec<(String, String)>,
}

impl Args {
    fn parse(raw: impl Iterator<Item = String>) -> anyhow::Result<Self> {
        let mut args = Self {
            words: Vec::new(),
            flags: Vec::new(),
            options: Vec::new(),
        };
        let mut raw = raw.peekable();
        while let Some(arg) = raw.next() {
            match arg.as_str() {
                "--learner" | "--out" | "--lesson" => {
                    let value = raw.next().with_context(|| format!("{arg} needs a value"))?;
                    args.options.push((arg, value));
                }
                "--yes" | "--manual" | "--open" | "--help" | "-h" => args.flags.push(arg),
                flag if flag.starts_with('-') => {
                    bail!("unknown option `{flag}`; see `cargo course help`")
                }
                _ => args.words.push(arg),
            }
        }
        Ok(args)
    }

    fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|flag| flag == name)
    }

    fn option(&self, name: &str) -> Option<PathBuf> {
        self.options
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| PathBuf::from(value))
    }
}

fn run() -> anyhow::Result<()> {
    let args = Args::parse(std::env::args().skip(1))?;
    if args.flag("--help") || args.flag("-h") || args.words.first().is_some_and(|w| w == "help") {
        print!("{USAGE}");
        return Ok(());
    }
    let root = find_root()?;
    let catalog = Catalog::load(&root)?;
    let words: Vec<&str> = args.words.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] | ["status"] => commands::progress::status(&root, &catalog),
        ["list"] => commands::progress::list(&root, &catalog, None),
        ["list", lesson] => commands::progress::list(&root, &catalog, Some(lesson)),
        ["next"] => commands::progress::next(&root, &catalog),
        ["book"] => commands::book::book(&root, &catalog, None, args.flag("--open")),
        ["book", id] => commands::book::book(&root, &catalog, Some(id), args.flag("--open")),
        ["hint", id] => commands::progress::hint(&root, &catalog, id),
        ["watch"] => commands::watch::watch(&root, &catalog, args.flag("--manual")),
        ["reset", target] => commands::reset::reset(&root, &catalog, target, args.flag("--yes")),
        ["diff", target] => {
            let learner = args.option("--learner").unwrap_or_else(|| root.clone());
            commands::instructor::diff(&root, &catalog, target, &learner)
        }
        ["grade", path] => {
            let out = args.option("--out").unwrap_or_else(|| PathBuf::from("."));
            let only = args.option("--lesson");
            let only = only.as_deref().and_then(Path::to_str);
            commands::instructor::grade(&root, &catalog, Path::new(path), &out, only)
        }
        ["serve"] => commands::serve::serve(&root),
        ["db"] => commands::database::server(),
        ["db", lesson] => commands::database::lesson(&root, &catalog, lesson),
        ["prepare-queries"] => commands::database::prepare_queries(&root, &catalog),
        ["conformance"] => commands::conformance::conformance(&root),
        ["check-order"] => commands::order::check_order(&root, &catalog, None),
        ["check-order", lesson] => commands::order::check_order(&root, &catalog, Some(lesson)),
        ["mutants", lesson] => commands::mutants::mutants(&root, &catalog, lesson),
        _ => bail!(
            "unknown command `{}`; see `cargo course help`",
            words.join(" ")
        ),
    }
}

/// The checkout this command runs in: the nearest folder upwards that holds `course.toml`.
fn find_root() -> anyhow::Result<PathBuf> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    cwd.ancestors()
        .find(|dir| dir.join("course.toml").is_file())
        .map(Path::to_path_buf)
        .with_context(|| {
            format!(
                "{} is not inside a course checkout (no course.toml above it)",
                cwd.display()
            )
        })
}
