//! `cargo course` driven as a learner and an instructor would, on a copy of the repository in a
//! temporary folder: solve an exercise and see it counted, reset it and see it pending again,
//! grade a half-done copy, diff it, and get one clear line for a mistake.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use course::Catalog;
use course::regions::{regions, replace_bodies};

/// `grade` runs in one scratch copy (`target/grade/class`), shared by a whole class and from one
/// run to the next: the tests that grade take turns.
static GRADING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// [`course`], for a `grade`: one at a time (see [`GRADING`]).
fn grade(args: &[&str]) -> Output {
    let _turn = GRADING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    course(&root(), args)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the course crate sits in the repository root")
        .to_path_buf()
}

/// A copy of the repository in a temporary folder, removed when the test ends, passed or failed.
struct CourseCopy(PathBuf);

impl std::ops::Deref for CourseCopy {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for CourseCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A copy of the repository (no `target/`, no `.git`) in a fresh temporary folder, every exercise
/// as shipped: the tests below play a learner from the start, whatever this checkout's own
/// learner has solved.
fn copy_of_the_course(name: &str) -> CourseCopy {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("a folder is created");
        for entry in std::fs::read_dir(from).expect("a folder reads") {
            let path = entry.expect("an entry").path();
            let file_name = path.file_name().expect("a name");
            if file_name == "target" || file_name == ".git" || file_name == ".env" {
                continue;
            }
            if path.is_dir() {
                copy(&path, &to.join(file_name));
            } else {
                std::fs::copy(&path, to.join(file_name)).expect("a file copies");
            }
        }
    }
    let dir = std::env::temp_dir().join(format!("course-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy(&root(), &dir);
    let catalog = Catalog::load(&dir).expect("course.toml loads");
    for lesson in catalog.lessons.iter().filter(|lesson| !lesson.is_coming()) {
        for exercise in &lesson.exercises {
            course::starter::reset(&dir, lesson, exercise).expect("the copy's regions reset");
        }
    }
    CourseCopy(dir)
}

/// This checkout's PostgreSQL, for everything the copy runs: a copy left to start its own would
/// leave a server running from a folder that is gone when the test ends.
fn database() -> String {
    local_postgres::server_url().expect("the course's PostgreSQL")
}

/// The environment of every command run on the copy: a build folder of its own, this checkout's
/// database, and no PostgreSQL binaries, so that nothing run from the copy can start a server of
/// its own (anything that tried would fail and say so, instead of leaving one running).
///
/// Never this checkout's `target/`: cargo names a workspace crate's artifacts by its path relative
/// to the workspace, so the copy's builds would replace the checkout's, and the checkout's own
/// tests would then run binaries built from the copy (with the copy's paths compiled in, and its
/// solved exercises). The folder is kept between runs, so only the course's own crates rebuild.
fn on_the_copy(command: &mut Command) -> &mut Command {
    command
        .env(
            "CARGO_TARGET_DIR",
            root().join("target").join("commands-copy"),
        )
        .env("DATABASE_URL", database())
        .env("PG_BIN", "/nonexistent/no-postgres-for-copies")
}

/// Runs the `course` binary in `dir`, in the environment of [`on_the_copy`].
fn course(dir: &Path, args: &[&str]) -> Output {
    on_the_copy(Command::new(env!("CARGO_BIN_EXE_course")).current_dir(dir))
        .args(args)
        .output()
        .expect("the course command runs")
}

/// `cargo course watch --manual` with `keys` typed into it; what it printed.
fn watch_manually(dir: &Path, keys: &str) -> String {
    use std::io::Write;
    let mut child = on_the_copy(Command::new(env!("CARGO_BIN_EXE_course")).current_dir(dir))
        .args(["watch", "--manual"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("watch starts");
    child
        .stdin
        .take()
        .expect("a stdin pipe")
        .write_all(keys.as_bytes())
        .expect("the keys are typed");
    let output = child.wait_with_output().expect("watch ends after q");
    assert!(output.status.success(), "watch quits cleanly");
    stdout(&output)
}

/// `cargo course watch` on the copy: once its first run is shown, `file` is saved (a comment
/// appended); returns how many runs it showed, one more if the save was seen, before `q`.
fn runs_around_a_save(dir: &Path, file: &Path) -> usize {
    use std::io::{BufRead, Write};
    const SHOWN: &str = "(letter + Enter)";
    let mut child = on_the_copy(Command::new(env!("CARGO_BIN_EXE_course")).current_dir(dir))
        .arg("watch")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("watch starts");
    let (lines, inbox) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().expect("a stdout pipe");
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = lines.send(line);
        }
    });
    let next_run = |within: Duration| -> bool {
        let deadline = std::time::Instant::now() + within;
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            match inbox.recv_timeout(left) {
                Ok(line) if line.contains(SHOWN) => return true,
                Ok(_) => continue,
                Err(_) => return false,
            }
        }
        false
    };
    let mut runs = usize::from(next_run(Duration::from_secs(300)));
    let text = std::fs::read_to_string(file).expect("reads");
    std::fs::write(file, format!("{text}\n// saved while watched\n")).expect("writes");
    runs += usize::from(next_run(Duration::from_secs(300)));
    let mut stdin = child.stdin.take().expect("a stdin pipe");
    stdin.write_all(b"q\n").expect("q is typed");
    drop(stdin);
    assert!(
        child.wait().expect("watch ends").success(),
        "watch quits cleanly"
    );
    std::fs::write(file, text).expect("writes");
    runs
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Copies the solution's bodies of exercise `id` into the copy's starter.
fn solve(dir: &Path, id: &str) {
    let catalog = Catalog::load(dir).expect("course.toml loads");
    let (lesson, exercise) = catalog.exercise(id).expect("the exercise exists");
    for file in &exercise.files {
        let solution = std::fs::read_to_string(lesson.solution_dir(dir).join(file)).expect("reads");
        let bodies: Vec<String> = regions(&solution)
            .expect("regions parse")
            .into_iter()
            .filter(|region| region.id == id)
            .map(|region| region.body)
            .collect();
        let path = lesson.starter_dir(dir).join(file);
        let starter = std::fs::read_to_string(&path).expect("reads");
        std::fs::write(
            &path,
            replace_bodies(&starter, id, &bodies).expect("bodies replace"),
        )
        .expect("writes");
    }
}

/// `cargo course list 1` on the copy. When it says the lesson does not compile, cargo's own words
/// follow, so that a failure here can be read without reproducing it.
fn listing_of_lesson_1(dir: &Path) -> String {
    let listing = stdout(&course(dir, &["list", "1"]));
    if !listing.contains("does not compile") {
        return listing;
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let build = on_the_copy(Command::new(cargo).current_dir(dir))
        .args(["test", "-p", "lesson-1", "--test", "exercises", "--no-run"])
        .output()
        .expect("cargo runs");
    format!(
        "{listing}\n`cargo test -p lesson-1 --no-run` in the copy says:\n{}",
        String::from_utf8_lossy(&build.stderr)
    )
}

fn status_of(listing: &str, id: &str) -> Option<&'static str> {
    listing.lines().find_map(|line| {
        let mut words = line.split_whitespace();
        let status = words.next()?;
        let status = match status {
            "done" => "done",
            "skipped" => "skipped",
            _ => "pending",
        };
        (words.next()? == id).then_some(status)
    })
}

#[test]
fn solving_resetting_grading_and_diffing_lesson_1() {
    let learner = copy_of_the_course("learner");

    let listing = listing_of_lesson_1(&learner);
    assert_eq!(status_of(&listing, "1.1"), Some("pending"), "{listing}");

    let watched = watch_manually(&learner, "h\nq\n");
    for expected in [
        "Next: exercise 1.1",
        "exercise 1.1 (A first handler) is not done yet",
        "hint:      cargo course hint 1.1",
        "hint 1 of 2:",
    ] {
        assert!(
            watched.contains(expected),
            "watch shows {expected:?}:\n{watched}"
        );
    }
    assert!(
        !watched.contains("env!(\"CARGO_PKG_VERSION\")"),
        "neither the report nor the first hint gives the answer:\n{watched}"
    );
    // `r` asks first, and the answer is typed like any other key (the thread that reads the keys
    // holds stdin: a reset reading its own answer would wait for ever).
    let meta = learner.join("lessons/lesson-1-routing/src/meta.rs");
    let shipped = std::fs::read_to_string(&meta).expect("reads");
    let begun = shipped.replace("exercise 1.1: answer", "exercise 1.1: begun, answer");
    assert_ne!(begun, shipped, "the learner's edit changes the file");
    std::fs::write(&meta, &begun).expect("writes");
    let declined = watch_manually(&learner, "r\nn\nq\n");
    assert!(
        declined.contains("Reset exercise 1.1 (A first handler) to the starter?")
            && declined.contains("Nothing changed."),
        "r, then n: asked, and nothing changed:\n{declined}"
    );
    assert_eq!(std::fs::read_to_string(&meta).expect("reads"), begun);
    let accepted = watch_manually(&learner, "r\ny\nq\n");
    assert!(
        accepted.contains("exercise 1.1: reset lessons/lesson-1-routing/src/meta.rs"),
        "r, then y: the exercise reset:\n{accepted}"
    );
    assert_eq!(
        std::fs::read_to_string(&meta).expect("reads"),
        shipped,
        "the file is as shipped again"
    );

    assert_eq!(
        runs_around_a_save(&learner, &meta),
        2,
        "watch runs the tests, then again when a lesson file is saved"
    );

    let hinted = stdout(&course(&learner, &["hint", "1.1"]));
    assert!(
        hinted.contains("hint 2 of 2:") && hinted.contains("env!(\"CARGO_PKG_VERSION\")"),
        "asked again, the next hint, which is remembered across commands:\n{hinted}"
    );

    solve(&learner, "1.1");
    let listing = listing_of_lesson_1(&learner);
    assert_eq!(
        status_of(&listing, "1.1"),
        Some("done"),
        "a solved exercise counts:\n{listing}"
    );
    assert_eq!(status_of(&listing, "1.2"), Some("pending"), "{listing}");
    let next = stdout(&course(&learner, &["next"]));
    assert!(
        next.contains("exercise 1.2"),
        "the next exercise is 1.2:\n{next}"
    );

    let reset = course(&learner, &["reset", "1.1", "--yes"]);
    assert!(
        reset.status.success(),
        "{}",
        String::from_utf8_lossy(&reset.stderr)
    );
    let listing = listing_of_lesson_1(&learner);
    assert_eq!(
        status_of(&listing, "1.1"),
        Some("pending"),
        "a reset exercise is pending again:\n{listing}"
    );

    for id in ["1.1", "1.2", "1.3"] {
        solve(&learner, id);
    }
    // A learner who points the lesson's tests at a file of their own gets graded by the
    // instructor's tests all the same.
    let lesson_1 = learner.join("lessons/lesson-1-routing");
    std::fs::write(
        lesson_1.join("own_tests.rs"),
        "#[test]\nfn ex1_04_path_parameters_pass() {}\n",
    )
    .expect("writes");
    let manifest = std::fs::read_to_string(lesson_1.join("Cargo.toml")).expect("reads");
    let pointed = manifest.replace("../../exercises-tests/lesson-1/main.rs", "own_tests.rs");
    assert_ne!(pointed, manifest, "the learner's manifest names its tests");
    std::fs::write(lesson_1.join("Cargo.toml"), pointed).expect("writes");
    let out = learner.join("grades");
    let grade = grade(&[
        "grade",
        learner.to_str().expect("a UTF-8 path"),
        "--out",
        out.to_str().expect("UTF-8"),
        "--lesson",
        "1",
    ]);
    assert!(
        grade.status.success(),
        "{}",
        String::from_utf8_lossy(&grade.stderr)
    );
    let name = learner
        .file_name()
        .and_then(|n| n.to_str())
        .expect("a name");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("grades.json")).expect("the JSON grades are written"),
    )
    .expect("the grades are JSON");
    let row = |id: &str| {
        json["learners"][0]["lessons"][0]["exercises"]
            .as_array()
            .and_then(|rows| rows.iter().find(|row| row["id"] == id))
            .cloned()
            .unwrap_or_else(|| panic!("no row for {id} in {json}"))
    };
    for id in ["1.1", "1.2", "1.3"] {
        assert_eq!(row(id)["passed"], true, "{id} is solved: {json}");
    }
    assert_eq!(row("1.4")["passed"], false, "{json}");
    let failing = row("1.4")["failing_tests"].to_string();
    assert!(
        failing.contains("ex1_04_"),
        "the failing tests are named: {failing}"
    );
    let summary = stdout(&grade);
    assert!(
        summary.contains(&format!("| {name} | 3/")),
        "3 exercises pass:\n{summary}"
    );
    let read = |path: PathBuf| {
        std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} is written", path.display()))
    };
    let junit = read(out.join("junit").join(format!("{name}.xml")));
    assert!(
        junit.contains("name=\"1.3 One error type\"/>")
            && junit
                .contains("<testcase classname=\"lesson-1\" name=\"1.4 Path parameters and 404\">"),
        "{junit}"
    );
    let feedback = read(out.join("feedback").join(format!("{name}.md")));
    assert!(
        feedback.contains("### 1.4 Path parameters and 404") && !feedback.contains("### 1.3"),
        "{feedback}"
    );
    assert!(
        read(out.join("gradebook.csv")).starts_with("learner,lesson 1,total,1.1,"),
        "the CSV has a column per lesson and per exercise"
    );

    let diff = stdout(&course(
        &root(),
        &["diff", "1", "--learner", learner.to_str().expect("UTF-8")],
    ));
    assert!(
        diff.contains("src/meta.rs: the same as the solution"),
        "{diff}"
    );
    assert!(
        diff.contains("+++ solution/src/bookmarks.rs"),
        "unsolved exercises show a diff:\n{diff}"
    );
    let one = stdout(&course(
        &root(),
        &["diff", "1.4", "--learner", learner.to_str().expect("UTF-8")],
    ));
    assert!(
        one.starts_with("== exercise 1.4 (Path parameters and 404)")
            && one.matches("== exercise").count() == 1
            && one.contains("+++ solution/src/bookmarks.rs"),
        "one exercise's diff, and only its own:\n{one}"
    );

    // Skipping puts the reference answer in: the exercise passes, and counts as skipped (with the
    // lesson's own tests again, not the learner's file).
    std::fs::write(lesson_1.join("Cargo.toml"), &manifest).expect("writes");
    std::fs::remove_file(lesson_1.join("own_tests.rs")).expect("removes");
    let skipped = course(&learner, &["skip", "1.4", "--yes"]);
    assert!(
        skipped.status.success()
            && stdout(&skipped).contains("exercise 1.4: skipped, the reference answer in"),
        "{}{}",
        stdout(&skipped),
        String::from_utf8_lossy(&skipped.stderr)
    );
    let listing = listing_of_lesson_1(&learner);
    assert_eq!(status_of(&listing, "1.4"), Some("skipped"), "{listing}");
    assert_eq!(status_of(&listing, "1.3"), Some("done"), "{listing}");
    let status = stdout(&course(&learner, &[]));
    assert!(
        status.contains(" 4/10")
            && status.contains("(1 skipped)")
            && status.contains("exercise 1.5"),
        "four of ten, one of them skipped, and 1.5 next:\n{status}"
    );

    // The fast track: 1.5 is on it, and nothing off it before 1.5 is left undone.
    let fast = stdout(&course(&learner, &["--fast"]));
    assert!(
        fast.contains("Next: exercise 1.5") && !fast.contains("On the fast track"),
        "{fast}"
    );
    let track = stdout(&course(&learner, &["list", "--fast", "1"]));
    assert!(
        track.starts_with("The fast track: ")
            && status_of(&track, "1.5") == Some("pending")
            && status_of(&track, "1.4").is_none(),
        "the fast track's exercises only:\n{track}"
    );
}

#[test]
fn mistakes_get_one_clear_line() {
    let cases: [(&[&str], &str); 5] = [
        (&["hint", "9.9"], "there is no exercise 9.9"),
        (
            &["reset", "1.3"],
            "loses your code in it; add --yes to confirm without a terminal",
        ),
        (
            &["skip", "2.1"],
            "loses your code in it; add --yes to confirm without a terminal",
        ),
        (
            &["reset", "lesson-42", "--yes"],
            "names no exercise or lesson",
        ),
        (
            &["grade", "/nonexistent/checkout"],
            "is not a course checkout",
        ),
    ];
    for (args, expected) in cases {
        let output = course(&root(), args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} should fail");
        assert_eq!(
            stderr.trim().lines().count(),
            1,
            "{args:?}: one line, not:\n{stderr}"
        );
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    // A command line that is not one: clap's error names the word and where the usage is.
    let unknown = course(&root(), &["frobnicate"]);
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(!unknown.status.success());
    assert!(
        stderr.starts_with("error: unrecognized subcommand 'frobnicate'")
            && stderr.contains("--help"),
        "{stderr}"
    );
    let outside = course(&std::env::temp_dir(), &["list"]);
    assert!(String::from_utf8_lossy(&outside.stderr).contains("is not inside a course checkout"));
}

/// Every file under `dir` with its contents: a folder's state, to show that grading left it alone.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    course::files::under(dir, &|_| false)
        .expect("the folder reads")
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(dir.join(&file)).expect("a file reads");
            (file, bytes)
        })
        .collect()
}

/// A class of three in one folder: one who has not begun, one with Lesson 1 done, one with Lesson
/// 1 done and a syntax error in Lesson 2. Each is graded lesson by lesson: the third's Lesson 2 is
/// reported as not compiling, with the compiler's first error, and their Lesson 1 still counts;
/// every report is written; no learner's folder changes.
#[test]
fn a_class_is_graded_lesson_by_lesson_and_left_as_it_was() {
    let class = std::env::temp_dir().join(format!("course-class-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&class);
    std::fs::create_dir_all(&class).expect("the class folder is created");
    let _removed_at_the_end = CourseCopy(class.clone());
    let learner = |name: &str| {
        let copy = copy_of_the_course(&format!("class-{name}"));
        let dir = class.join(name);
        std::fs::rename(&*copy, &dir).expect("the learner moves into the class");
        dir
    };
    let (untouched, lesson_1, broken) =
        (learner("untouched"), learner("lesson1"), learner("broken"));
    let catalog = Catalog::load(&root()).expect("course.toml loads");
    let first = &catalog.lessons[0];
    for dir in [&lesson_1, &broken] {
        for exercise in &first.exercises {
            solve(dir, &exercise.id);
        }
    }
    let second = &catalog.lessons[1];
    let (broken_file, broken_id) = {
        let exercise = &second.exercises[0];
        (
            second.starter_dir(&broken).join(&exercise.files[0]),
            exercise.id.clone(),
        )
    };
    let text = std::fs::read_to_string(&broken_file).expect("reads");
    let count = regions(&text)
        .expect("regions parse")
        .iter()
        .filter(|region| region.id == broken_id)
        .count();
    let syntax_error = vec!["        let x = ;\n".to_owned(); count];
    std::fs::write(
        &broken_file,
        replace_bodies(&text, &broken_id, &syntax_error).expect("replaces"),
    )
    .expect("writes");
    let before: Vec<_> = [&untouched, &lesson_1, &broken]
        .map(|dir| contents(dir))
        .into();

    let out = class.join("reports");
    let grade = grade(&[
        "grade",
        class.to_str().expect("UTF-8"),
        "--out",
        out.to_str().expect("UTF-8"),
    ]);
    let after: Vec<_> = [&untouched, &lesson_1, &broken]
        .map(|dir| contents(dir))
        .into();
    let summary = stdout(&grade);
    let read = |path: PathBuf| {
        std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} is written", path.display()))
    };
    assert!(
        grade.status.success(),
        "{}",
        String::from_utf8_lossy(&grade.stderr)
    );
    assert!(before == after, "grading changed a learner's folder");

    let lessons = catalog.lessons.iter().filter(|l| !l.is_coming()).count();
    let n = first.exercises.len();
    let row = |name: &str| {
        summary
            .lines()
            .find(|line| line.starts_with(&format!("| {name} |")))
            .unwrap_or_else(|| panic!("no row for {name}:\n{summary}"))
            .to_owned()
    };
    assert_eq!(
        row("untouched").matches("not begun").count(),
        lessons,
        "nothing begun, nothing compiled:\n{summary}"
    );
    assert!(
        row("lesson1").starts_with(&format!("| lesson1 | {n}/{n} | not begun")),
        "{summary}"
    );
    assert!(
        row("broken").starts_with(&format!("| broken | {n}/{n} | does not compile")),
        "Lesson 1 still counts when Lesson 2 does not compile:\n{summary}"
    );
    let feedback = read(out.join("feedback").join("broken.md"));
    assert!(
        feedback.contains("does not compile") && feedback.contains("error"),
        "the first compiler error is in the feedback:\n{feedback}"
    );
    let csv = read(out.join("gradebook.csv"));
    assert_eq!(
        csv.lines().count(),
        4,
        "a header and a row per learner:\n{csv}"
    );
    assert!(
        csv.lines()
            .any(|line| line.starts_with(&format!("broken,{n},0,"))),
        "{csv}"
    );
    for name in ["untouched", "lesson1", "broken"] {
        let junit = read(out.join("junit").join(format!("{name}.xml")));
        assert!(junit.starts_with("<?xml"), "{junit}");
    }
}
