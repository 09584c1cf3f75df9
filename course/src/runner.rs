//! Runs a lesson's exercise tests with cargo and reads which passed. Progress is always measured
//! this way, never remembered: an exercise is done when all of its tests pass.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::catalog::Lesson;

#[derive(Debug)]
pub enum TestRun {
    /// Test name (as libtest prints it, `module::ex1_03_name`) to whether it passed.
    Ran(BTreeMap<String, bool>),
    /// The package did not compile: the compiler's errors.
    BuildFailed(String),
}

/// `cargo test -p <package> --test exercises`, run in the checkout at `root`: the exercise tests
/// and nothing else, as the course's own checks run them.
pub fn run_exercise_tests(root: &Path, package: &str) -> anyhow::Result<TestRun> {
    let mut command = cargo_test(root, package, None);
    command.args(["--test", "exercises"]);
    Ok(execute(command, root)?.0)
}

/// The exercise tests of the learner's `lesson` (see [`run`]), as `cargo course` measures them.
pub fn run_as_learner(root: &Path, lesson: &Lesson) -> anyhow::Result<TestRun> {
    Ok(run(root, lesson, None, None)?.0)
}

/// Runs the exercise tests whose names contain `filter` (all when `None`), building in
/// `target_dir` when given, and returns libtest's output beside the results: the failure reports
/// are in it.
///
/// Built exactly as the learner's own `cargo test -p lesson-N exN_MM` builds, so that neither
/// compiles what the other just did: given a test name, cargo builds the library's unit-test
/// harness too, `test = false` notwithstanding (it honours that only without a name), so a name is
/// always given, `ex`, which every exercise test's has. Where the lesson has other test targets,
/// the exercise tests' is named, as [`Lesson::test_command`] tells the learner to.
pub fn run(
    root: &Path,
    lesson: &Lesson,
    filter: Option<&str>,
    target_dir: Option<&Path>,
) -> anyhow::Result<(TestRun, String)> {
    let mut command = cargo_test(root, &lesson.package(), target_dir);
    if let Some(target) = lesson.exercise_test_target() {
        command.args(["--test", target]);
    }
    command.arg(filter.unwrap_or("ex"));
    execute(command, root)
}

/// The exercise tests of `package` in the checkout at `root`, built in `target_dir`, against the
/// server `database` (when given): how `grade` and `check-order` run a copy of the course. The
/// queries compile online, the way a learner's do (see
/// `local_postgres::point_query_macros_at_lesson_database`): a starter's offline data holds none
/// of the answers' queries.
pub fn run_in(
    root: &Path,
    package: &str,
    target_dir: Option<&Path>,
    database: Option<&str>,
) -> anyhow::Result<TestRun> {
    let command = copy_command(root, package, target_dir, database);
    Ok(execute(command, root)?.0)
}

fn copy_command(
    root: &Path,
    package: &str,
    target_dir: Option<&Path>,
    database: Option<&str>,
) -> Command {
    let mut command = cargo_test(root, package, target_dir);
    // The instructor's tests only, whatever other test targets the learner's manifest has.
    command.args(["--test", "exercises"]);
    command.env("SQLX_OFFLINE", "false");
    if let Some(url) = database {
        command.env("DATABASE_URL", url);
    }
    command
}

/// [`run_in`] for grading a learner's copy: with libtest's output (the failure reports), and
/// within `limit`, after which cargo and the tests it started are killed (`None`): a learner's
/// loop that never ends costs one lesson's marks, not the class's grading. Cargo does not fetch:
/// the manifests are the instructor's, and their dependencies are in the lock file.
pub fn run_graded(
    root: &Path,
    package: &str,
    target_dir: Option<&Path>,
    database: Option<&str>,
    limit: Duration,
) -> anyhow::Result<Option<(TestRun, String)>> {
    use std::io::Read;
    use std::os::unix::process::CommandExt;
    use std::process::Stdio;

    let mut command = copy_command(root, package, target_dir, database);
    command
        .env("CARGO_NET_OFFLINE", "true")
        // One learner's lesson differs from the previous one's in a few functions: incremental
        // compilation rebuilds those, where a clean build would redo the crate.
        .env("CARGO_INCREMENTAL", "1")
        // Its own process group, so that the tests cargo starts are killed with it.
        .process_group(0)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot run cargo in {}", root.display()))?;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if started.elapsed() > limit {
            let _ = Command::new("kill")
                .args(["-KILL", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let (stdout, stderr) = (
        stdout.join().unwrap_or_default(),
        stderr.join().unwrap_or_default(),
    );
    let Some(status) = status else {
        return Ok(None);
    };
    let results = parse_libtest(&stdout);
    if results.is_empty() && !status.success() {
        return Ok(Some((
            TestRun::BuildFailed(compiler_errors(&stderr)),
            stdout,
        )));
    }
    Ok(Some((TestRun::Ran(results), stdout)))
}

/// `cargo test -p <package> --no-fail-fast` at `root`, its output plain: the caller adds which
/// tests.
fn cargo_test(root: &Path, package: &str, target_dir: Option<&Path>) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .args(["test", "--package", package, "--no-fail-fast"])
        .args(["--color", "never"])
        .env("CARGO_TERM_COLOR", "never")
        // A backtrace would bury the report of the test that failed.
        .env("RUST_BACKTRACE", "0");
    if let Some(dir) = target_dir {
        command.arg("--target-dir").arg(dir);
    }
    command
}

fn execute(mut command: Command, root: &Path) -> anyhow::Result<(TestRun, String)> {
    let output = command
        .output()
        .with_context(|| format!("cannot run cargo in {}", root.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let results = parse_libtest(&stdout);
    if results.is_empty() && !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Ok((TestRun::BuildFailed(compiler_errors(&stderr)), stdout));
    }
    Ok((TestRun::Ran(results), stdout))
}

/// The report of the first failing test in libtest's output: what the test printed.
pub fn first_failure(stdout: &str) -> Option<String> {
    let start = stdout.find("\n---- ")?;
    report_at(stdout, start)
}

/// The report of the test named `test` (as libtest prints it) in libtest's output.
pub fn failure_of(stdout: &str, test: &str) -> Option<String> {
    let start = stdout.find(&format!("\n---- {test} stdout ----"))?;
    report_at(stdout, start)
}

fn report_at(stdout: &str, start: usize) -> Option<String> {
    let rest = &stdout[start + 1..];
    let body_start = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let body = &rest[body_start..];
    let end = ["\n---- ", "\nfailures:\n"]
        .iter()
        .filter_map(|marker| body.find(marker))
        .min()
        .unwrap_or(body.len());
    Some(body[..end].trim().to_owned())
}

/// Reads libtest's `test name ... ok` lines.
pub fn parse_libtest(stdout: &str) -> BTreeMap<String, bool> {
    stdout
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("test ")?;
            let (name, outcome) = rest.rsplit_once(" ... ")?;
            match outcome.trim() {
                "ok" => Some((name.to_owned(), true)),
                "FAILED" => Some((name.to_owned(), false)),
                _ => None,
            }
        })
        .collect()
}

/// The first of the compiler's errors that [`TestRun::BuildFailed`] holds: the one to fix first,
/// since the others often follow from it.
pub fn first_error(errors: &str) -> &str {
    errors.split("\n\n").next().unwrap_or(errors).trim()
}

/// The `error` blocks of cargo's output, without the `Compiling …` progress lines.
fn compiler_errors(stderr: &str) -> String {
    let errors: Vec<&str> = stderr
        .split("\n\n")
        .filter(|block| block.trim_start().starts_with("error"))
        .collect();
    if errors.is_empty() {
        stderr.trim().to_owned()
    } else {
        errors.join("\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_failure_report() {
        let out = "test a ... FAILED\n\nfailures:\n\n---- a stdout ----\nthe report\nline 2\n\n---- b stdout ----\nother\n\nfailures:\n    a\n";
        assert_eq!(first_failure(out).as_deref(), Some("the report\nline 2"));
    }

    #[test]
    fn finds_a_named_tests_report() {
        let out = "failures:\n\n---- a stdout ----\nthe report\n\n---- m::b stdout ----\nb's report\n\nfailures:\n    a\n";
        assert_eq!(failure_of(out, "m::b").as_deref(), Some("b's report"));
        assert_eq!(failure_of(out, "c"), None);
    }

    #[test]
    fn reads_passes_and_failures() {
        let out = "running 2 tests\ntest a::ex1_01_x ... ok\ntest ex1_02_y ... FAILED\n\ntest result: FAILED.";
        let results = parse_libtest(out);
        assert_eq!(results.get("a::ex1_01_x"), Some(&true));
        assert_eq!(results.get("ex1_02_y"), Some(&false));
        assert_eq!(results.len(), 2);
    }
}
