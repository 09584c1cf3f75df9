//! `grade`: a class's checkouts run against this checkout's tests, and the reports
//! ([`super::gradebook`]).
//!
//! Each learner is graded in a scratch copy under `target/grade/`: this checkout with the
//! learner's `lessons/` in it, their manifests and build scripts put back to this checkout's, so
//! their folder is never written and a manifest pointed at tests of their own cannot grade itself.
//! The class shares one copy and one target folder: the dependencies compile once, and for each
//! learner only the files that differ from the previous one are written, so cargo rebuilds (with
//! incremental compilation) only the lessons that changed. Each lesson is graded on its own: the
//! lessons it builds on take the reference answers first (they were graded already), so one
//! mistake costs marks once.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use course::measure::{LessonState, sort_results};
use course::runner::{self, TestRun};
use course::{Catalog, Lesson};

use super::Target;
use super::gradebook::{ExerciseGrade, Learner, LessonGrade, Outcome};
use super::instructor::{checkout, exercise_diff};

/// How many lines of a failing test's report the feedback keeps.
const REPORT_LINES: usize = 20;

pub struct Options<'a> {
    pub out: &'a Path,
    pub lesson: Option<&'a str>,
    /// Put each failing exercise's diff against the solution in the feedback.
    pub diff: bool,
    /// The most one lesson's tests of one learner may take, build included.
    pub time_limit: Duration,
}

pub fn grade(
    root: &Path,
    catalog: &Catalog,
    paths: &[PathBuf],
    options: &Options,
) -> anyhow::Result<()> {
    let learners = learners(paths)?;
    let lessons: Vec<&Lesson> = match options.lesson {
        None => catalog
            .lessons
            .iter()
            .filter(|lesson| !lesson.is_coming())
            .collect(),
        Some(text) => match Target::parse(catalog, text)? {
            Target::Lesson(lesson) => vec![lesson],
            Target::Exercise(..) => bail!("--lesson takes a lesson number, not an exercise id"),
        },
    };
    let database = local_postgres::server_url().ok();
    let build = root.join("target").join("grade-build");
    let mut class = Vec::new();
    for (name, path) in &learners {
        eprintln!("Grading {name} ({})…", path.display());
        let work = scratch_copy(root, catalog, path)?;
        let mut graded = Vec::new();
        for lesson in &lessons {
            let grade = grade_lesson(
                root,
                catalog,
                &work,
                lesson,
                &build,
                database.as_deref(),
                options,
            )?;
            eprintln!(
                "  Lesson {}: {}/{}",
                lesson.number,
                grade.passed(),
                grade.exercises.len()
            );
            graded.push(grade);
        }
        class.push(Learner {
            name: name.clone(),
            lessons: graded,
        });
    }
    let summary = super::gradebook::write(options.out, &class)?;
    print!("{summary}");
    eprintln!("\nWritten to {}", options.out.display());
    Ok(())
}

/// The learners `paths` name, each by its folder's name: a path is a learner's checkout, or a
/// folder whose subfolders are (a class's submissions, one folder each).
fn learners(paths: &[PathBuf]) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let name_of = |path: &Path| -> anyhow::Result<String> {
        Ok(path
            .canonicalize()
            .with_context(|| format!("cannot read {}", path.display()))?
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("learner")
            .to_owned())
    };
    let mut learners = Vec::new();
    for path in paths {
        if checkout(path).is_ok() {
            learners.push((name_of(path)?, path.clone()));
            continue;
        }
        let Ok(entries) = std::fs::read_dir(path) else {
            checkout(path)?;
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|sub| checkout(sub).is_ok())
            .collect();
        if found.is_empty() {
            checkout(path)?;
        }
        found.sort();
        for sub in found {
            learners.push((name_of(&sub)?, sub));
        }
    }
    let mut names: Vec<&str> = learners.iter().map(|(name, _)| name.as_str()).collect();
    names.sort_unstable();
    if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
        bail!(
            "two learners are named {}: their reports would overwrite each other; grade them apart",
            pair[0]
        );
    }
    Ok(learners)
}

/// This checkout, with `learner`'s `lessons/` in it, at `target/grade/class`: one scratch copy
/// for the whole class, made the same as this checkout and the learner's lessons file by file
/// ([`course::files::sync`]), so that only what differs from the previous learner is rebuilt.
fn scratch_copy(root: &Path, catalog: &Catalog, learner: &Path) -> anyhow::Result<PathBuf> {
    let work = root.join("target").join("grade").join("class");
    course::files::sync(root, &work, &|path| {
        ["target", ".git", "lessons"]
            .iter()
            .any(|skip| path == Path::new(skip))
    })?;
    course::files::sync(&learner.join("lessons"), &work.join("lessons"), &|path| {
        path.file_name() == Some("target".as_ref()) || path.file_name() == Some(".git".as_ref())
    })?;
    // The code is the learner's; what runs it is not. A lesson's manifest names its test files and
    // its build script prepares its database: both come from this checkout.
    for lesson in catalog.lessons.iter().filter(|lesson| !lesson.is_coming()) {
        let (ours, theirs) = (lesson.starter_dir(root), lesson.starter_dir(&work));
        for file in ["Cargo.toml", "build.rs"] {
            let (ours, theirs) = (ours.join(file), theirs.join(file));
            if ours.exists() && theirs.parent().is_some_and(Path::is_dir) {
                course::files::write_if_changed(&theirs, &std::fs::read(&ours)?)?;
            }
        }
    }
    Ok(work)
}

fn grade_lesson(
    root: &Path,
    catalog: &Catalog,
    work: &Path,
    lesson: &Lesson,
    build: &Path,
    database: Option<&str>,
    options: &Options,
) -> anyhow::Result<LessonGrade> {
    let ungraded = |outcome: Outcome| LessonGrade {
        number: lesson.number,
        title: lesson.title.clone(),
        outcome,
        exercises: lesson
            .exercises
            .iter()
            .map(|exercise| ExerciseGrade {
                id: exercise.id.clone(),
                title: exercise.title.clone(),
                passed: false,
                failing_tests: Vec::new(),
                report: None,
                diff: None,
            })
            .collect(),
    };
    if !lesson.starter_dir(work).is_dir() {
        return Ok(ungraded(Outcome::DoesNotCompile {
            first_error: format!("no lessons/{} in the checkout", lesson.dir),
        }));
    }
    if !course::starter::differs_from_shipped(work, lesson)? {
        return Ok(ungraded(Outcome::NotBegun));
    }
    // In the learner edition (a fork's autograding) there are no answers to put in: the lessons
    // built on stay the learner's.
    let answered = catalog
        .built_on(lesson)
        .into_iter()
        .filter(|earlier| earlier.solution_dir(work).join("src").is_dir())
        .collect();
    course::starter::solve_lessons(work, answered)?;
    let Some((run, stdout)) = runner::run_graded(
        work,
        &lesson.package(),
        Some(build),
        database,
        options.time_limit,
    )?
    else {
        return Ok(ungraded(Outcome::TimedOut {
            seconds: options.time_limit.as_secs(),
        }));
    };
    if let TestRun::BuildFailed(errors) = &run {
        return Ok(ungraded(Outcome::DoesNotCompile {
            first_error: runner::first_error(errors).to_owned(),
        }));
    }
    let LessonState::Measured(progress) = sort_results(work, lesson, run).state else {
        unreachable!("a run that is not a build failure is measured")
    };
    let mut exercises = Vec::new();
    for progress in progress {
        let exercise = progress.exercise;
        let passed = progress.is_done();
        let report = progress
            .failed
            .first()
            .and_then(|test| runner::failure_of(&stdout, test))
            .map(|report| {
                let lines: Vec<&str> = report.lines().take(REPORT_LINES).collect();
                lines.join("\n")
            });
        let diff = if options.diff && !passed {
            let diffs = exercise_diff(
                &lesson.starter_dir(work),
                &lesson.solution_dir(root),
                exercise,
            )?;
            Some(
                diffs
                    .into_iter()
                    .filter_map(|(_, diff)| diff)
                    .collect::<String>(),
            )
        } else {
            None
        };
        exercises.push(ExerciseGrade {
            id: exercise.id.clone(),
            title: exercise.title.clone(),
            passed,
            failing_tests: progress.failed,
            report,
            diff,
        });
    }
    Ok(LessonGrade {
        number: lesson.number,
        title: lesson.title.clone(),
        outcome: Outcome::Graded,
        exercises,
    })
}

/// `maintain grade-timing N`: a class of `learners` made from this checkout and graded as `grade`
/// grades one, timed. The class is spread from nothing done to nearly everything: learner `k` has
/// the first `k/N` of the exercises in course order, each with the reference answer and a comment
/// line of the learner's own in every region, so that no two learners' code is alike and each
/// one's lessons are compiled again, as real work would be. A benchmark that prints its figure, not
/// a timed test: the machine's load decides the time.
pub fn timing(root: &Path, catalog: &Catalog, learners: usize) -> anyhow::Result<()> {
    use course::regions::{regions, replace_bodies};

    let base = root.join("target").join("grade-timing");
    let _ = std::fs::remove_dir_all(&base);
    let exercises: Vec<_> = catalog
        .lessons
        .iter()
        .filter(|lesson| !lesson.is_coming())
        .flat_map(|lesson| {
            lesson
                .exercises
                .iter()
                .map(move |exercise| (lesson, exercise))
        })
        .collect();
    for k in 0..learners {
        let name = format!("learner-{k:02}");
        let dir = base.join("class").join(&name);
        course::files::copy(root, &dir, &|path| {
            path.file_name() == Some("target".as_ref()) || path == Path::new(".git")
        })?;
        for (lesson, exercise) in &exercises {
            course::starter::reset(&dir, lesson, exercise)?;
        }
        for (lesson, exercise) in &exercises[..exercises.len() * k / learners] {
            course::starter::solve(&dir, lesson, exercise)?;
            for file in &exercise.files {
                let path = lesson.starter_dir(&dir).join(file);
                let text = std::fs::read_to_string(&path)?;
                let comment = if file.extension().is_some_and(|ext| ext == "sql") {
                    "--"
                } else {
                    "//"
                };
                let bodies: Vec<String> = regions(&text)?
                    .into_iter()
                    .filter(|region| region.id == exercise.id)
                    .map(|region| format!("{comment} {name}\n{}", region.body))
                    .collect();
                std::fs::write(&path, replace_bodies(&text, &exercise.id, &bodies)?)?;
            }
        }
    }
    let started = std::time::Instant::now();
    grade(
        root,
        catalog,
        &[base.join("class")],
        &Options {
            out: &base.join("reports"),
            lesson: None,
            diff: false,
            time_limit: Duration::from_secs(900),
        },
    )?;
    let elapsed = started.elapsed();
    println!(
        "\n{learners} learners, {} exercises in all, from none done to {} of {}: graded in {:.0} s \
         ({:.1} min) on {} cores, with target/grade-build/ as it was at the start.",
        exercises.len(),
        exercises.len() * (learners - 1) / learners,
        exercises.len(),
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() / 60.0,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    Ok(())
}
