//! `cargo course`: where you are in the course, what to do next, and the instructor's tools.

mod commands;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use course::Catalog;
use course::measure::Route;

/// `cargo course`: with no command, your progress and the next exercise.
#[derive(Parser)]
#[command(
    name = "cargo course",
    bin_name = "cargo course",
    about = "Your progress in the course, the next exercise, and the instructors' and maintainers' tools",
    after_help = "Exercises are named by id (1.3), lessons by number (4) or folder name (lesson-4).",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Follow the fast track: only the exercises that carry each lesson's new idea (for those who
    /// know Rust web already); the ones off it are skipped to their reference answers
    #[arg(long)]
    fast: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Your progress in every lesson, and the next exercise (what `cargo course` alone does)
    Status {
        /// The next on the fast track
        #[arg(long)]
        fast: bool,
    },
    /// Every exercise (of one lesson) with its status, measured by running the tests
    List {
        lesson: Option<String>,
        /// Run the tests of lessons not begun too (otherwise known to fail without a build)
        #[arg(long)]
        all: bool,
        /// Only the fast track's exercises: those that carry each lesson's new idea
        #[arg(long)]
        fast: bool,
    },
    /// The next exercise: its file, test command and book section
    Next {
        /// The next on the fast track
        #[arg(long)]
        fast: bool,
    },
    /// One more hint for an exercise: a nudge first, the near-answer last
    Hint { exercise: String },
    /// The book, rendered into target/book/ (at an exercise's section)
    Book {
        exercise: Option<String>,
        /// Open it in the browser
        #[arg(long)]
        open: bool,
    },
    /// Work on the next exercise: its tests re-run on every save
    Watch {
        /// Re-run on Enter instead of on save (where saves do not reach the watcher)
        #[arg(long)]
        manual: bool,
    },
    /// Put an exercise (or every exercise of a lesson) back as shipped
    Reset {
        /// An exercise id (1.3) or a lesson
        target: String,
        /// Do not ask first
        #[arg(long)]
        yes: bool,
    },
    /// Put the reference answer into an exercise's regions (or a lesson's), to move on without
    /// solving it; progress shows it as skipped
    Skip {
        /// Exercise ids (2.1) or lessons, one or more
        #[arg(required = true)]
        targets: Vec<String>,
        /// Do not ask first
        #[arg(long)]
        yes: bool,
    },
    /// The capstone API on http://127.0.0.1:8080, on the local PostgreSQL
    Serve,
    /// The capstone measured (release build): under load on seeded data, bare routes beside the
    /// full stack and a login flood, against the budget the book states; or, with
    /// `--instructions`, each layer's cost per request counted by callgrind
    Bench {
        /// How long each of the about 20 runs of the load benchmark lasts
        #[arg(long, default_value_t = 5)]
        seconds: u64,
        /// Count each layer's instructions per request instead (needs valgrind)
        #[arg(long)]
        instructions: bool,
        /// With --instructions: fail when a figure has grown more than a tenth over the committed
        /// ones (bench/instructions.md)
        #[arg(long, requires = "instructions", conflicts_with = "write")]
        check: bool,
        /// With --instructions: replace the committed figures with this run's
        #[arg(long, requires = "instructions", conflicts_with = "route")]
        write: bool,
        /// With --instructions: count GET on this route over the seeded data instead (printed,
        /// not checked), e.g. /api/tags
        #[arg(long, requires = "instructions", conflicts_with = "check")]
        route: Option<String>,
    },
    /// The URL of the course's PostgreSQL (started if needed), or of a lesson's database, the one
    /// its queries compile against
    Db {
        lesson: Option<String>,
        /// Stop the course's PostgreSQL instead (its data stays; it starts again when needed)
        #[arg(long, conflicts_with = "lesson")]
        stop: bool,
    },
    /// For instructors: a learner's exercise bodies beside the solution's
    Diff {
        /// An exercise id (1.3) or a lesson
        target: String,
        /// The learner's checkout (this one if not given)
        #[arg(long)]
        learner: Option<PathBuf>,
    },
    /// For instructors: grade learners' checkouts with this checkout's tests; writes a summary,
    /// a CSV gradebook, JSON, a JUnit file and feedback per learner
    Grade {
        /// Learners' checkouts, or folders whose subfolders are (each named by its folder)
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Where the reports go
        #[arg(long, default_value = "grades")]
        out: PathBuf,
        /// Only this lesson
        #[arg(long)]
        lesson: Option<String>,
        /// Show each failing exercise's code against the solution in the feedback
        #[arg(long)]
        diff: bool,
        /// The most seconds one lesson of one learner may take, build included
        #[arg(long, default_value_t = 900)]
        time_limit: u64,
    },
    /// For instructors: write the course without its answers to DIR, for learners
    LearnerEdition {
        /// A new (or empty) folder
        dir: PathBuf,
    },
    /// For the course's maintainers: the checks CI runs, and what they keep fresh
    #[command(subcommand)]
    Maintain(Maintain),
}

#[derive(Subcommand)]
enum Maintain {
    /// Time `grade` on a class of N learners made from this checkout, from nothing done to
    /// nearly all (a benchmark: prints the figure)
    GradeTiming {
        #[arg(default_value_t = 10)]
        learners: usize,
    },
    /// Write the learner edition under target/edition/ and run the README's commands and the
    /// autograding workflow's in it
    CheckEdition,
    /// Refresh the offline query data (each package's .sqlx/)
    PrepareQueries,
    /// Regenerate the starters made from their solution (Lesson 5's, from capstone/)
    GenerateStarters {
        /// Even where the starter's exercise regions are not starter.toml's (after changing
        /// starter.toml on purpose)
        #[arg(long)]
        overwrite: bool,
    },
    /// RealWorld's API test suite (needs hurl) against the capstone, on a fresh database; fails
    /// unless every request passes
    Conformance,
    /// Solve the exercises (of one lesson) in course order in a scratch copy: each must pass at
    /// its turn, and none before it
    CheckOrder { lesson: Option<String> },
    /// cargo-mutants on a lesson's solved exercise regions, judged by the exercise tests; fails
    /// on a survivor nobody explained
    Mutants { lesson: String },
    /// A learner's first minutes on a fresh clone of HEAD, measured: how long `cargo course`
    /// takes cold, what `cargo test -p lesson-1 ex1_01` compiles again after it, target/'s size
    /// Lesson 6's watch page in headless Chromium (needs Debian's chromium): both transports
    /// connect, and comments posted through the API and from the page appear over each
    WatchPage,
    /// The learner's loop timed: after an edit inside a region, `cargo test -p lesson-N exN_MM`
    /// (the median of a few edits per lesson, in this checkout, its files put back)
    LoopTiming { lesson: Option<String> },
    FirstMinutes {
        /// Then the rest of the course: each lesson skipped to its reference answers and its tests
        /// run as a learner runs them, target/'s size after each (with a PostgreSQL, minutes)
        #[arg(long)]
        whole_course: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Status { fast: cli.fast });
    match run(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cargo course: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> anyhow::Result<()> {
    let root = find_root()?;
    let catalog = Catalog::load(&root)?;
    let (root, catalog) = (&root, &catalog);
    match command {
        Command::Status { fast } => commands::status::status(root, catalog, route(fast)),
        Command::List { lesson, all, fast } => {
            commands::status::list(root, catalog, lesson.as_deref(), all, route(fast))
        }
        Command::Next { fast } => commands::status::next(root, catalog, route(fast)),
        Command::Hint { exercise } => commands::status::hint(root, catalog, &exercise),
        Command::Book { exercise, open } => {
            commands::book::book(root, catalog, exercise.as_deref(), open)
        }
        Command::Watch { manual } => commands::watch::watch(root, catalog, manual),
        Command::Reset { target, yes } => commands::reset::reset(root, catalog, &target, yes),
        Command::Skip { targets, yes } => commands::reset::skip(root, catalog, &targets, yes),
        Command::Serve => commands::serve::serve(root),
        Command::Bench {
            seconds,
            instructions: false,
            ..
        } => commands::bench::bench(root, commands::bench::Bench::Load { seconds }),
        Command::Bench {
            check,
            write,
            route,
            instructions: true,
            ..
        } => commands::bench::bench(
            root,
            commands::bench::Bench::Instructions {
                check,
                write,
                route,
            },
        ),
        Command::Db { stop: true, .. } => commands::db::stop(),
        Command::Db { lesson: None, .. } => commands::db::server(),
        Command::Db {
            lesson: Some(lesson),
            ..
        } => commands::db::lesson(root, catalog, &lesson),
        Command::Diff { target, learner } => {
            let learner = learner.unwrap_or_else(|| root.clone());
            commands::instructor::diff(root, catalog, &target, &learner)
        }
        Command::Grade {
            paths,
            out,
            lesson,
            diff,
            time_limit,
        } => commands::grade::grade(
            root,
            catalog,
            &paths,
            &commands::grade::Options {
                out: &out,
                lesson: lesson.as_deref(),
                diff,
                time_limit: std::time::Duration::from_secs(time_limit),
            },
        ),
        Command::LearnerEdition { dir } => commands::edition::learner_edition(root, &dir),
        Command::Maintain(task) => match task {
            Maintain::PrepareQueries => commands::db::prepare_queries(root, catalog),
            Maintain::GenerateStarters { overwrite } => {
                commands::starter::generate_starters(root, catalog, overwrite)
            }
            Maintain::Conformance => commands::conformance::conformance(root),
            Maintain::CheckOrder { lesson } => {
                commands::order::check_order(root, catalog, lesson.as_deref())
            }
            Maintain::Mutants { lesson } => commands::mutants::mutants(root, catalog, &lesson),
            Maintain::GradeTiming { learners } => {
                commands::grade::timing(root, catalog, learners.max(1))
            }
            Maintain::CheckEdition => commands::edition::check_edition(root),
            Maintain::WatchPage => commands::watch_page::watch_page(root, catalog),
            Maintain::LoopTiming { lesson } => {
                commands::loop_timing::loop_timing(root, catalog, lesson.as_deref())
            }
            Maintain::FirstMinutes { whole_course } => {
                commands::first_minutes::first_minutes(root, catalog, whole_course)
            }
        },
    }
}

fn route(fast: bool) -> Route {
    if fast { Route::Fast } else { Route::Whole }
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
