//! The checks that keep the course honest, run by a plain `cargo test` at the repository root:
//! - every solution passes every exercise test, and every exercise has tests;
//! - every exercise test fails on the starter (a test that passes there gives credit for nothing);
//! - a starter and its solution differ only inside the exercise regions;
//! - every exercise's files and regions exist where `course.toml` says;
//! - the book has a section for every exercise, its Rust listings are included from code that
//!   compiles and resolve, and it builds.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use course::Catalog;
use course::book;
use course::measure::{LessonState, Regions, measure_lesson};
use course::regions::{outside_regions, regions};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the course crate sits in the repository root")
        .to_path_buf()
}

fn catalog() -> Catalog {
    Catalog::load(&root()).expect("course.toml loads")
}

/// Every file under `dir`, relative to it, leaving out build output and the offline query data
/// (generated, and different by design: see `course::queries`).
fn files(dir: &Path) -> BTreeSet<PathBuf> {
    course::files::under(dir, &|path| {
        path.ends_with("target") || path.ends_with(".sqlx")
    })
    .unwrap_or_else(|e| panic!("{}: {e:#}", dir.display()))
    .into_iter()
    .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn starter_and_solution_differ_only_inside_exercise_regions() {
    let root = root();
    let catalog = catalog();
    let mut problems = Vec::new();
    // A generated starter has its own, stricter check: `generated_starters_are_fresh`.
    for lesson in catalog
        .lessons
        .iter()
        .filter(|l| !l.is_coming() && !l.generates_starter())
    {
        let (starter, solution) = (lesson.starter_dir(&root), lesson.solution_dir(&root));
        let (mut starter_files, solution_files) = (files(&starter), files(&solution));
        // A starter with a database has a build script of its own (see
        // `local_postgres::point_query_macros_at_lesson_database`), and nothing else extra.
        let has_database = starter.join("migrations").is_dir();
        if starter_files.remove(Path::new("build.rs")) != has_database {
            problems.push(format!(
                "lesson {}: the starter must have a build.rs exactly when it has migrations",
                lesson.number
            ));
        }
        for only in starter_files.symmetric_difference(&solution_files) {
            problems.push(format!(
                "lesson {}: {} is in only one of starter and solution",
                lesson.number,
                only.display()
            ));
        }
        for file in starter_files.intersection(&solution_files) {
            let (mut ours, mut theirs) = (read(&starter.join(file)), read(&solution.join(file)));
            if file == Path::new("Cargo.toml") {
                // The capstone (Lesson 5's solution) sits one folder less deep than a starter.
                theirs = theirs.replace("\"../exercises-tests/", "\"../../exercises-tests/");
                ours = without_build_dependencies(&ours);
                // The lessons it builds on: the learner's own crates beside the starter, the
                // reference ones beside the solution.
                for earlier in catalog.built_on(lesson) {
                    let dir = |dir: PathBuf| {
                        dir.strip_prefix(&root)
                            .expect("under the root")
                            .display()
                            .to_string()
                    };
                    ours = ours.replace(
                        &format!(
                            "{{ package = \"{}\", path = \"../../{}\" }}",
                            earlier.package(),
                            dir(earlier.starter_dir(&root))
                        ),
                        &format!(
                            "{{ package = \"{}\", path = \"../../{}\" }}",
                            earlier.solution_package(),
                            dir(earlier.solution_dir(&root))
                        ),
                    );
                }
                // The package's name, and its binary's where that is named for the package (a
                // lesson without a binary has no `[[bin]]` to rename).
                let named_bin = ours.contains(&format!("[[bin]]\nname = \"{}\"", lesson.package()));
                for (text, package) in [
                    (&mut ours, lesson.package()),
                    (&mut theirs, lesson.solution_package()),
                ] {
                    *text = text.replacen(&format!("name = \"{package}\""), "name = PACKAGE", 1);
                    if named_bin {
                        *text = text.replace(
                            &format!("[[bin]]\nname = \"{package}\""),
                            "[[bin]]\nname = PACKAGE",
                        );
                    }
                }
            }
            if outside_regions(&ours) != outside_regions(&theirs) {
                problems.push(format!(
                    "{} differs outside its exercise regions: diff -u {} {}",
                    file.display(),
                    starter.join(file).display(),
                    solution.join(file).display()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "starter and solution drifted:\n{}",
        problems.join("\n")
    );
}

/// A starter generated from its solution (Lesson 5's, from `capstone/`) is exactly what
/// `cargo course maintain generate-starters` makes of it now, and its own manifest builds the same
/// crate: the same library, binary (under a name of its own) and dependencies, and every test file
/// of the solution.
#[test]
fn generated_starters_are_fresh() {
    let root = root();
    let catalog = catalog();
    let generated: Vec<_> = catalog
        .lessons
        .iter()
        .filter(|l| l.generates_starter())
        .collect();
    assert!(!generated.is_empty(), "Lesson 5's starter is generated");
    for lesson in generated {
        let stale = course::starter::generated_differences(&root, lesson)
            .expect("the starter can be generated");
        assert!(
            stale.is_empty(),
            "{} is not what its solution generates; run `cargo course maintain \
             generate-starters` and commit the result:\n{}",
            lesson.starter_dir(&root).display(),
            stale.join("\n")
        );

        let manifest = |dir: &Path| -> toml::Table {
            toml::from_str(&read(&dir.join("Cargo.toml"))).expect("a valid Cargo.toml")
        };
        let (starter, solution) = (
            manifest(&lesson.starter_dir(&root)),
            manifest(&lesson.solution_dir(&root)),
        );
        for table in ["lib", "dependencies", "dev-dependencies"] {
            assert_eq!(
                starter.get(table),
                solution.get(table),
                "lesson {}: the starter's [{table}] differs from its solution's",
                lesson.number
            );
        }
        // The same binary under another name: cargo writes a workspace's binaries to
        // target/<profile>/<name>, and one name would let each build overwrite the other's.
        let binaries = |manifest: &toml::Table| -> (Vec<String>, Vec<String>) {
            manifest["bin"]
                .as_array()
                .expect("a [[bin]] list")
                .iter()
                .map(|bin| (bin["name"].to_string(), bin["path"].to_string()))
                .unzip()
        };
        let ((starter_names, starter_paths), (solution_names, solution_paths)) =
            (binaries(&starter), binaries(&solution));
        assert_eq!(
            starter_paths, solution_paths,
            "lesson {}: the starter's binaries are built from other files than its solution's",
            lesson.number
        );
        for (starter_name, solution_name) in starter_names.iter().zip(&solution_names) {
            assert_ne!(
                starter_name, solution_name,
                "lesson {}: the starter's binary has its solution's name",
                lesson.number
            );
        }
        let tests: BTreeSet<String> = starter["test"]
            .as_array()
            .expect("the starter lists its tests")
            .iter()
            .filter_map(|test| test["path"].as_str())
            .filter_map(|path| Path::new(path).file_name()?.to_str().map(str::to_owned))
            .collect();
        let tests_dir = lesson.solution_dir(&root).join("tests");
        for entry in std::fs::read_dir(&tests_dir).expect("the solution has tests") {
            let path = entry.expect("a readable entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if path.extension().is_some_and(|ext| ext == "rs") {
                assert!(
                    tests.contains(name),
                    "lesson {}: the starter's manifest does not compile {}",
                    lesson.number,
                    path.display()
                );
            }
        }
    }
}

/// A starter's manifest without the comment and table its build script adds.
fn without_build_dependencies(manifest: &str) -> String {
    let Some(start) = manifest.find("\n[build-dependencies]") else {
        return manifest.to_owned();
    };
    let start = manifest[..start]
        .rfind("\n\n")
        .map_or(start, |blank| blank + 1);
    let end = manifest[start..]
        .find("\n\n[")
        .map_or(manifest.len(), |end| start + end + 1);
    format!("{}{}", &manifest[..start], &manifest[end..])
}

#[test]
fn every_exercise_owns_regions_in_the_files_it_names() {
    let root = root();
    let catalog = catalog();
    let mut problems = Vec::new();
    for lesson in catalog.lessons.iter().filter(|l| !l.is_coming()) {
        for dir in [lesson.starter_dir(&root), lesson.solution_dir(&root)] {
            let mut seen = BTreeSet::new();
            let sources = files(&dir).into_iter().filter(|file| {
                file.extension()
                    .is_some_and(|extension| extension == "rs" || extension == "sql")
            });
            for file in sources {
                let found = regions(&read(&dir.join(&file)))
                    .unwrap_or_else(|e| panic!("{}: {e}", dir.join(&file).display()));
                for region in found {
                    let listed = lesson
                        .exercises
                        .iter()
                        .any(|ex| ex.id == region.id && ex.files.contains(&file));
                    if !listed {
                        problems.push(format!(
                            "{}:{}: region of exercise {} is not listed for this file in course.toml",
                            dir.join(&file).display(),
                            region.line,
                            region.id
                        ));
                    }
                    seen.insert((region.id, file.clone()));
                }
            }
            for exercise in &lesson.exercises {
                for file in &exercise.files {
                    if !seen.contains(&(exercise.id.clone(), file.clone())) {
                        problems.push(format!(
                            "{}: no region of exercise {}",
                            dir.join(file).display(),
                            exercise.id
                        ));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "course.toml and the code disagree:\n{}",
        problems.join("\n")
    );
}

/// Every `todo!` of a starter sits in an exercise's region and names that exercise first
/// (`todo!("exercise 2.3: ...")`): the learner reads whose panic it is, and the testkit reads the
/// id from the message to report a test that ran into an earlier exercise's unfinished code.
#[test]
fn every_starter_todo_names_its_exercise() {
    let root = root();
    let mut problems = Vec::new();
    for lesson in catalog().lessons.iter().filter(|l| !l.is_coming()) {
        let dir = lesson.starter_dir(&root);
        let sources = files(&dir)
            .into_iter()
            .filter(|file| file.extension().is_some_and(|extension| extension == "rs"));
        for file in sources {
            let path = dir.join(&file);
            let text = read(&path);
            let found = regions(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let inside: usize = found.iter().map(|r| r.body.matches("todo!(").count()).sum();
            if inside != text.matches("todo!(").count() {
                problems.push(format!(
                    "{}: a todo!() outside any exercise region",
                    path.display()
                ));
            }
            // A begun exercise's regions are the learner's, todo!()s and all.
            let shipped = |id: &str| {
                lesson.exercises.iter().any(|exercise| {
                    exercise.id == id && Regions::of(&root, lesson, exercise) == Regions::Shipped
                })
            };
            for region in found.iter().filter(|region| shipped(&region.id)) {
                let named = format!("\"exercise {}: ", region.id);
                for (at, _) in region.body.match_indices("todo!(") {
                    if !region.body[at + "todo!(".len()..]
                        .trim_start()
                        .starts_with(&named)
                    {
                        problems.push(format!(
                            "{}:{}: a todo!() in exercise {}'s region does not begin with {named}",
                            path.display(),
                            region.line,
                            region.id
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The exercise contract, as it holds at every point of the course: every exercise test passes on
/// the solution, and fails on the starter while the exercise's regions hold what `starter.toml`
/// ships. On a fresh clone that is every exercise (CI runs it there, and `check-order` proves the
/// shipped regions are what the starters hold); in a learner's clone, the exercises begun are the
/// learner's, and so is a lesson that does not compile while they work on it.
#[test]
fn solutions_pass_and_unbegun_exercises_fail_every_exercise_test() {
    let root = root();
    let catalog = catalog();
    let mut problems = Vec::new();
    let untouched = |lesson: &course::Lesson| {
        lesson
            .exercises
            .iter()
            .all(|exercise| Regions::of(&root, lesson, exercise) == Regions::Shipped)
    };
    for lesson in catalog.lessons.iter().filter(|l| !l.is_coming()) {
        let shipped: BTreeSet<&str> = lesson
            .exercises
            .iter()
            .filter(|exercise| Regions::of(&root, lesson, exercise) == Regions::Shipped)
            .map(|exercise| exercise.id.as_str())
            .collect();
        // A learner's work in progress may not compile: in this lesson, or in a lesson it builds
        // on (its crate depends on theirs).
        let may_not_compile = !untouched(lesson)
            || catalog
                .built_on(lesson)
                .into_iter()
                .any(|earlier| !untouched(earlier));
        for (package, should_pass) in [(lesson.solution_package(), true), (lesson.package(), false)]
        {
            let progress = measure_lesson(&root, lesson, &package).expect("cargo runs");
            let exercises = match progress.state {
                LessonState::Measured(exercises) => exercises,
                LessonState::BuildFailed(_) if !should_pass && may_not_compile => {
                    continue;
                }
                LessonState::BuildFailed(errors) => {
                    problems.push(format!("{package} does not compile:\n{errors}"));
                    continue;
                }
                LessonState::Coming | LessonState::NotBegun | LessonState::Skipped => {
                    unreachable!(
                        "coming lessons are filtered out, and measure_lesson runs the rest"
                    )
                }
            };
            for exercise in exercises {
                let id = &exercise.exercise.id;
                if exercise.passed.is_empty() && exercise.failed.is_empty() {
                    problems.push(format!(
                        "{package}: exercise {id} has no tests (named {}_*)",
                        exercise.exercise.key()
                    ));
                }
                let wrong = if should_pass {
                    &exercise.failed
                } else if shipped.contains(id.as_str()) {
                    &exercise.passed
                } else {
                    continue;
                };
                for test in wrong {
                    let verdict = if should_pass {
                        "fails on the solution"
                    } else {
                        "passes on the starter, giving credit for nothing"
                    };
                    problems.push(format!("{package}: {test} (exercise {id}) {verdict}"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the exercise contract is broken:\n{}",
        problems.join("\n")
    );
}

/// Go-to-definition from a later lesson must not open the answers: a lesson's crate depends on
/// the learner's own crates of the lessons it builds on (as `course.toml` lists them), never on a
/// solution's.
#[test]
fn no_lesson_depends_on_a_solution() {
    let root = root();
    let catalog = catalog();
    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .current_dir(&root)
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let solutions: BTreeSet<String> = catalog
        .lessons
        .iter()
        .map(|lesson| lesson.solution_package())
        .collect();
    let mut problems = Vec::new();
    for lesson in catalog.lessons.iter().filter(|l| !l.is_coming()) {
        let package = metadata["packages"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|package| package["name"] == lesson.package().as_str())
            .unwrap_or_else(|| panic!("{} is a workspace member", lesson.package()));
        let names: BTreeSet<String> = package["dependencies"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|dependency| dependency["name"].as_str().map(str::to_owned))
            .collect();
        for name in names.intersection(&solutions) {
            problems.push(format!(
                "{} depends on {name}: a learner's go-to-definition would open the answers",
                lesson.package()
            ));
        }
        let lessons: BTreeSet<String> = names
            .iter()
            .filter(|name| name.starts_with("lesson-"))
            .cloned()
            .collect();
        let listed: BTreeSet<String> = lesson
            .builds_on
            .iter()
            .map(|number| format!("lesson-{number}"))
            .collect();
        if lessons != listed {
            problems.push(format!(
                "{} depends on {lessons:?}, and course.toml says it builds on {listed:?}",
                lesson.package()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_exercise_test_belongs_to_an_exercise() {
    let root = root();
    for lesson in catalog().lessons.iter().filter(|l| !l.is_coming()) {
        let dir = root
            .join("exercises-tests")
            .join(format!("lesson-{}", lesson.number));
        let text: String = files(&dir)
            .iter()
            .filter(|f| f.extension() == Some("rs".as_ref()))
            .map(|f| read(&dir.join(f)))
            .collect();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            if !is_test_attribute(line) {
                continue;
            }
            // Other attributes and doc comments may sit between the attribute and the function.
            let signature = lines
                .by_ref()
                .find(|line| line.contains("fn "))
                .unwrap_or_default();
            let name = signature
                .split("fn ")
                .nth(1)
                .and_then(|rest| rest.split('(').next())
                .unwrap_or_default();
            assert!(
                lesson.exercises.iter().any(|ex| ex.owns_test(name)),
                "test `{name}` in {} does not start with an exercise key of lesson {} (like `{}_`)",
                dir.display(),
                lesson.number,
                lesson.exercises[0].key()
            );
        }
    }
}

/// `#[test]`, `#[tokio::test]` and `#[tokio::test(flavor = "current_thread")]` alike: every form
/// of test attribute, so no test escapes the naming rule.
fn is_test_attribute(line: &str) -> bool {
    let line = line.trim_start();
    let Some(path) = line.strip_prefix("#[") else {
        return false;
    };
    let path = path.split([']', '(']).next().unwrap_or_default().trim();
    path == "test" || path.ends_with("::test")
}

#[test]
fn every_test_attribute_form_is_recognised() {
    for line in [
        "#[test]",
        "    #[tokio::test]",
        "#[tokio::test(flavor = \"current_thread\")]",
        "#[tokio::test(flavor = \"multi_thread\", worker_threads = 2)]",
    ] {
        assert!(is_test_attribute(line), "{line}");
    }
    for line in [
        "#[derive(Debug)]",
        "#[cfg(test)]",
        "// #[test] in a comment",
    ] {
        assert!(!is_test_attribute(line), "{line}");
    }
}

/// The book's pages: each one's path inside `mdbook/src`, and its full path.
fn book_pages() -> Vec<(PathBuf, PathBuf)> {
    let src = root().join("mdbook").join("src");
    files(&src)
        .into_iter()
        .filter(|f| f.extension() == Some("md".as_ref()))
        .map(|page| {
            let path = src.join(&page);
            (page, path)
        })
        .collect()
}

#[test]
fn every_book_listing_resolves() {
    let mut problems = Vec::new();
    let mut count = 0;
    for (page, path) in book_pages() {
        for include in book::includes(&path, &read(&path)) {
            count += 1;
            if let Some(problem) = book::problem(&include) {
                problems.push(format!("{}:{}: {problem}", page.display(), include.line));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the book has broken listings:\n{}",
        problems.join("\n")
    );
    assert!(count > 0, "the book includes no listings at all");
}

/// Every Rust listing in the book comes from a file that compiles (`{{#include ...}}`): a listing
/// typed into the page is checked by nothing, and may drift from the pinned APIs or show an answer
/// (`no_book_listing_shows_a_solved_exercise` reads included listings only).
#[test]
fn every_rust_listing_is_included_from_compiled_code() {
    let mut problems = Vec::new();
    for (page, path) in book_pages() {
        let text = read(&path);
        let mut lines = text.lines().enumerate();
        while let Some((number, line)) = lines.next() {
            if !line.starts_with("```rust") {
                continue;
            }
            let body: Vec<&str> = lines
                .by_ref()
                .map(|(_, line)| line)
                .take_while(|line| !line.starts_with("```"))
                .collect();
            if body
                .iter()
                .any(|line| !line.trim().is_empty() && !line.trim().starts_with("{{#include "))
            {
                problems.push(format!("{}:{}", page.display(), number + 1));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "Rust typed into the book instead of included from the lessons' code:\n{}",
        problems.join("\n")
    );
}

/// The README shows the benchmark run the book carries (`mdbook/src/bench/results.md`, which
/// `cargo course bench` writes): the same table, from the same day, not two runs drifted apart.
#[test]
fn the_readme_shows_the_books_benchmark_run() {
    let table = |text: &str| -> Vec<String> {
        text.lines()
            .skip_while(|line| !line.starts_with("| endpoint |"))
            .take_while(|line| line.starts_with('|'))
            .map(str::to_owned)
            .collect()
    };
    let results = read(&root().join("mdbook/src/bench/results.md"));
    let readme = read(&root().join("README.md"));
    assert!(
        !table(&results).is_empty(),
        "results.md has no table of endpoints"
    );
    assert_eq!(
        table(&readme),
        table(&results),
        "the README's benchmark table is not the book's: copy it from mdbook/src/bench/results.md"
    );
    let day = results
        .strip_prefix("Measured ")
        .and_then(|rest| rest.get(..10))
        .expect("results.md begins with the day it was measured");
    assert!(
        readme.contains(&format!("{day}):")),
        "the README does not date its table {day}, the day of the book's run"
    );
}

/// Every link and picture inside the book leads somewhere: the page exists and has the anchor
/// (`cargo course book ID` and the failure reports rely on the `#exN_MM` ones).
#[test]
fn every_book_link_resolves() {
    let src = root().join("mdbook").join("src");
    let pages: Vec<PathBuf> = files(&src)
        .into_iter()
        .filter(|f| f.extension() == Some("md".as_ref()))
        .collect();
    let mut problems = Vec::new();
    let mut count = 0;
    for page in &pages {
        for (line, target) in book::internal_links(&read(&src.join(page))) {
            count += 1;
            let (file, anchor) = match target.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (target.as_str(), None),
            };
            let linked = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap_or(Path::new("")).join(file)
            };
            let path = src.join(&linked);
            if !path.is_file() {
                problems.push(format!("{}:{line}: {target}: no such file", page.display()));
            } else if let Some(anchor) = anchor
                && !book::anchors(&read(&path)).iter().any(|a| a == anchor)
            {
                problems.push(format!(
                    "{}:{line}: {target}: {} has no #{anchor}",
                    page.display(),
                    linked.display()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the book has broken links:\n{}",
        problems.join("\n")
    );
    assert!(count > 0, "the book links nothing");
}

/// Each exercise section shows the API it needs at work before it asks for it: its first listing is
/// compiled code that is no exercise (a primer's example, or code the lesson gives), never the
/// skeleton the learner fills in.
#[test]
fn every_exercise_section_shows_working_code_before_it_asks() {
    let mut problems = Vec::new();
    let mut count = 0;
    for (page, path) in book_pages() {
        for section in book::exercise_sections(&path, &read(&path)) {
            count += 1;
            let at = format!("{}:{} (#{})", page.display(), section.line, section.id);
            match section.includes.first() {
                None => problems.push(format!("{at}: shows no listing at all")),
                Some(first) => {
                    let asks = book::shown_regions(first);
                    if !asks.is_empty() {
                        problems.push(format!(
                            "{at}: its first listing (line {}) is exercise {}, shown before any working example",
                            first.line,
                            asks.join(", ")
                        ));
                    }
                }
            }
        }
    }
    assert!(
        count >= 50,
        "found only {count} exercise sections in the book"
    );
    assert!(
        problems.is_empty(),
        "{} exercise sections ask before they show:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The book's listings come from the starters (the given code is the same in the solutions): a
/// learner who opens a listing's source, to read more of it, is never sent into the solutions,
/// nor into `capstone/`, which is Lesson 5's.
#[test]
fn no_book_listing_comes_from_the_solutions() {
    let mut problems = Vec::new();
    for (page, path) in book_pages() {
        for include in book::includes(&path, &read(&path)) {
            if include.is_under("solutions") || include.is_under("capstone") {
                problems.push(format!(
                    "{}:{}: includes {}; show the starter's copy, under lessons/",
                    page.display(),
                    include.line,
                    include.target.display()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "book listings from the solutions:\n{}",
        problems.join("\n")
    );
}

/// The book shows working code and the starters' skeletons, never the answer to an exercise.
#[test]
fn no_book_listing_shows_a_solved_exercise() {
    let mut problems = Vec::new();
    for (page, path) in book_pages() {
        for include in book::includes(&path, &read(&path)) {
            if let Some(exercise) = book::shows_a_solution(&include) {
                problems.push(format!(
                    "{}:{}: includes the solution of exercise {exercise} from {}",
                    page.display(),
                    include.line,
                    include.target.display()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the book gives answers away:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_lesson_has_a_chapter_and_every_exercise_a_section() {
    let src = root().join("mdbook").join("src");
    let summary = read(&src.join("SUMMARY.md"));
    for lesson in catalog().lessons {
        let listed = if lesson.is_coming() {
            summary.contains(&format!("[Lesson {}: {}]()", lesson.number, lesson.title))
        } else {
            summary.contains(&format!("({})", lesson.chapter))
        };
        assert!(
            listed,
            "SUMMARY.md does not list lesson {} ({})",
            lesson.number, lesson.title
        );
        if lesson.is_coming() {
            continue;
        }
        let chapter = read(&src.join(&lesson.chapter));
        for exercise in &lesson.exercises {
            let anchor = format!("{{#{}}}", exercise.key());
            assert!(
                chapter.lines().any(|line| line.starts_with('#')
                    && line.contains(&anchor)
                    && line.contains(&exercise.id)),
                "{} has no heading for exercise {} ending in {anchor}",
                lesson.chapter,
                exercise.id
            );
        }
    }
}

/// A picture with a bare `<` in its text is not XML, and a browser shows an error instead of it.
#[test]
fn the_book_pictures_are_well_formed_svg() {
    let images = root().join("mdbook").join("src").join("images");
    let pictures: Vec<PathBuf> = files(&images)
        .into_iter()
        .filter(|file| file.extension() == Some("svg".as_ref()))
        .collect();
    assert!(
        !pictures.is_empty(),
        "the book has no pictures in {}",
        images.display()
    );
    for picture in pictures {
        let text = read(&images.join(&picture));
        if let Err(error) = roxmltree::Document::parse(&text) {
            panic!(
                "mdbook/src/images/{} is not well-formed: {error}",
                picture.display()
            );
        }
    }
}

/// Built in-process with mdBook's own library, so the check needs nothing installed.
#[test]
fn the_book_builds() {
    let out = tempfile_dir("book");
    let built = course_book::render(&root(), &out);
    let index = out.join("index.html").is_file();
    let _ = std::fs::remove_dir_all(&out);
    if let Err(error) = built {
        panic!("{error:#}");
    }
    assert!(index, "the book built, but wrote no index.html");
}

fn tempfile_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("course-{name}-{}", std::process::id()))
}

/// A fresh temporary folder, removed when dropped: also when the check using it panics.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = tempfile_dir(name);
        let _ = std::fs::remove_dir_all(&dir);
        Self(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Each package's committed `.sqlx/` data is what compiling its queries against the migrated
/// schema gives now. A changed query would fail to compile offline anyway; this also catches a
/// changed schema under an unchanged query (a column made nullable, say), and a starter whose data
/// would hold a query of an answer. A starter is checked as shipped, so only while none of its
/// exercises is begun (always in CI): a learner's own queries compile against the lesson's
/// database and are in no committed data.
#[test]
fn offline_query_data_is_fresh() {
    let root = root();
    let catalog = catalog();
    let begun: Vec<PathBuf> = catalog
        .lessons
        .iter()
        .filter(|lesson| {
            course::starter::differs_from_shipped(&root, lesson).expect("the regions read")
        })
        .map(|lesson| lesson.starter_dir(Path::new("")))
        .collect();
    let all = course::queries::packages(&root, &catalog);
    let packages: Vec<_> = all
        .iter()
        .filter(|package| !begun.contains(&package.dir))
        .cloned()
        .collect();
    let fresh = Scratch::new("sqlx");
    course::queries::generate(&root, &packages, &fresh.0).expect("the query data can be generated");
    let fresh_files = course::queries::read_all(&fresh.0, &packages).expect("the fresh data reads");
    drop(fresh);
    let committed = course::queries::read_all(&root, &packages).expect("the committed data reads");
    let problems = course::queries::differences(&committed, &fresh_files);
    assert!(
        problems.is_empty(),
        "the offline query data is stale; refresh it with `cargo course maintain prepare-queries` and \
         commit it:\n{}",
        problems.join("\n")
    );
    assert!(
        all.len() >= 4 && !fresh_files.is_empty(),
        "expected the starters and solutions of lessons 4 and 5 to have checked queries, found {all:?}"
    );
}
