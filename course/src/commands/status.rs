//! `cargo course`, `list`, `next`, `hint`: progress measured by running the tests (and cached
//! while nothing changes), and what to do next.

use std::path::Path;

use anyhow::bail;
use course::measure::{
    LessonProgress, LessonState, Route, measure_course, measure_lesson_cached, next_exercise,
    off_the_track_before,
};
use course::{Catalog, Exercise, Lesson};

pub fn status(root: &Path, catalog: &Catalog, route: Route) -> anyhow::Result<()> {
    let progress = measure_course(root, catalog, false, route)?;
    println!("\nAxum Web Services in Production\n");
    let width = title_width(catalog);
    for lesson in &progress {
        println!("  {}", lesson_line(lesson, width));
    }
    println!();
    print_next(catalog, &progress, route);
    Ok(())
}

/// Every exercise of every lesson (or of one), with its status. A lesson not begun is listed
/// without compiling it, unless `all` asks for every lesson's tests to run.
pub fn list(
    root: &Path,
    catalog: &Catalog,
    lesson: Option<&str>,
    all: bool,
    route: Route,
) -> anyhow::Result<()> {
    let progress = match lesson {
        Some(text) => vec![measure_lesson_cached(
            root,
            catalog,
            super::lesson(catalog, text)?,
        )?],
        None => measure_course(root, catalog, all, route)?,
    };
    if route == Route::Fast {
        let (fast, total) = (
            catalog.exercises().filter(|(_, ex)| ex.fast).count(),
            catalog.exercises().count(),
        );
        println!(
            "The fast track: {fast} of the {total} exercises, those that carry each lesson's new \
             idea. `cargo course --fast` follows it; the exercises off it are skipped to their \
             reference answers on the way (later ones build on their code)."
        );
    }
    let width = title_width(catalog);
    for lesson in &progress {
        println!("\n{}", lesson_line(lesson, width));
        match &lesson.state {
            LessonState::Coming => {}
            LessonState::BuildFailed(_) => {
                println!(
                    "  the lesson does not compile: `cargo test -p {}` shows why",
                    lesson.lesson.package()
                );
            }
            LessonState::NotBegun | LessonState::Skipped | LessonState::Measured(_) => {
                for ((exercise, done, _), regions) in lesson.exercises().iter().zip(&lesson.regions)
                {
                    if !route.includes(exercise) {
                        continue;
                    }
                    let mark = match (done, regions) {
                        (true, course::measure::Regions::Skipped) => "skipped",
                        (true, _) => "done   ",
                        (false, _) => "pending",
                    };
                    println!("  {mark}  {:<5} {}", exercise.id, exercise.title);
                }
            }
        }
    }
    if progress
        .iter()
        .any(|lesson| matches!(lesson.state, LessonState::NotBegun))
    {
        println!(
            "\nA lesson not begun is pending throughout (its tests fail until you start); \
             `cargo course list --all` runs its tests anyway."
        );
    }
    Ok(())
}

pub fn next(root: &Path, catalog: &Catalog, route: Route) -> anyhow::Result<()> {
    let progress = measure_course(root, catalog, false, route)?;
    print_next(catalog, &progress, route);
    Ok(())
}

/// One more of the exercise's hints, after the ones already shown.
pub fn hint(root: &Path, catalog: &Catalog, id: &str) -> anyhow::Result<()> {
    let Some((_, exercise)) = catalog.exercise(id) else {
        bail!("there is no exercise {id}; `cargo course list` shows them");
    };
    let shown = course::hints::reveal(root, exercise)?;
    let total = exercise.hints.len();
    println!("exercise {} ({})", exercise.id, exercise.title);
    for (level, text) in shown.iter().enumerate() {
        println!("\nhint {} of {total}:\n{}", level + 1, text.trim());
    }
    if shown.len() < total {
        println!(
            "\nStill stuck? `cargo course hint {id}` again shows the next one ({} left).",
            total - shown.len()
        );
    } else {
        println!("\nThat is the last hint. The book's section: `cargo course book {id}`.");
    }
    Ok(())
}

/// What a learner who has done every exercise reads: where the course goes on.
pub const ALL_DONE: &str = "Every exercise is done. Well done!

What comes after: the capstone, `capstone/`, is the whole production API the lessons build
towards (`cargo course serve` runs it); read it beside the book's \"Hardening: a checklist for
the open internet\" (Lesson 5, `cargo course book 5.11` and on) and try each item against it.";

fn print_next(catalog: &Catalog, progress: &[LessonProgress], route: Route) {
    let Some((at, exercise)) = next_exercise(progress, route) else {
        match route {
            Route::Fast => println!(
                "Every exercise of the fast track is done. `cargo course` without --fast leads \
                 through the ones off it that are left."
            ),
            Route::Whole => println!("{ALL_DONE}"),
        }
        return;
    };
    let lesson = &progress[at];
    if let LessonState::BuildFailed(errors) = &lesson.state {
        println!(
            "Lesson {} does not compile; fix this first:\n\n{errors}\n",
            lesson.lesson.number
        );
    }
    print_exercise(lesson.lesson, exercise);
    if route == Route::Fast {
        if let Some(note) = off_the_track(progress, exercise) {
            println!("\n{note}");
        }
    } else if let Some(note) = unfinished_below(catalog, progress, lesson.lesson) {
        println!("\n{note}");
    }
}

/// On the fast track: the exercises off it before the next one, which later code may build on,
/// and the one command that gives them the reference answers.
fn off_the_track(progress: &[LessonProgress], next: &Exercise) -> Option<String> {
    let before = off_the_track_before(progress, next);
    if before.is_empty() {
        return None;
    }
    let ids: Vec<&str> = before.iter().map(|exercise| exercise.id.as_str()).collect();
    Some(format!(
        "On the fast track, {} {} off it before {} and not done; the code after them may build on \
         theirs, so give them the reference answers first:\n  cargo course skip {} --yes",
        ids.len(),
        if ids.len() == 1 {
            "exercise is"
        } else {
            "exercises are"
        },
        next.id,
        ids.join(" ")
    ))
}

/// A lesson's crate depends on the learner's own crates of the lessons it builds on, so their
/// `todo!()`s are reached by some of its tests: which are still open, and the way past them.
fn unfinished_below(
    catalog: &Catalog,
    progress: &[LessonProgress],
    lesson: &Lesson,
) -> Option<String> {
    let built_on = catalog.built_on(lesson);
    let unfinished: Vec<&str> = built_on
        .iter()
        .filter_map(|earlier| progress.iter().find(|p| p.lesson.number == earlier.number))
        .flat_map(|earlier| earlier.exercises())
        .filter(|(_, done, _)| !done)
        .map(|(exercise, _, _)| exercise.id.as_str())
        .collect();
    let first = unfinished.first()?;
    let named = match unfinished.len() {
        1 => format!("{first} is"),
        2..=4 => format!("{} are", unfinished.join(", ")),
        more => format!("{} and {} more are", unfinished[..3].join(", "), more - 3),
    };
    let below: Vec<String> = built_on.iter().map(|l| l.number.to_string()).collect();
    Some(format!(
        "Lesson {} builds on your own Lesson {} (its crate depends on yours), where {named} not \
         done yet: tests that reach them stop at their todo!(). Finish them first, or let \
         `cargo course skip {first}` put the reference answer in (`cargo course skip N`: a \
         whole lesson).",
        lesson.number,
        below.join(" and "),
    ))
}

pub fn print_exercise(lesson: &Lesson, exercise: &Exercise) {
    let files: Vec<String> = exercise
        .files
        .iter()
        .map(|file| {
            lesson
                .starter_dir(Path::new(""))
                .join(file)
                .display()
                .to_string()
        })
        .collect();
    println!("Next: exercise {}  {}", exercise.id, exercise.title);
    println!("  edit:  {}", files.join(", "));
    println!("  test:  {}", lesson.test_command(exercise));
    println!("  read:  cargo course book {}", exercise.id);
    println!("  hint:  cargo course hint {}", exercise.id);
    if let Some(try_it) = &lesson.try_it {
        println!("  try:   {}", try_it.trim().replace('\n', "\n         "));
    }
}

/// The longest lesson title, so that the counts and bars of every lesson line up.
fn title_width(catalog: &Catalog) -> usize {
    catalog
        .lessons
        .iter()
        .map(|lesson| lesson.title.chars().count())
        .max()
        .unwrap_or(0)
}

pub fn lesson_line(progress: &LessonProgress, width: usize) -> String {
    let lesson = progress.lesson;
    let name = format!("{}  {:<width$}", lesson.number, lesson.title);
    match &progress.state {
        LessonState::Coming => format!("{name} coming"),
        LessonState::BuildFailed(_) => format!("{name} does not compile"),
        LessonState::NotBegun => {
            let total = lesson.exercises.len();
            format!("{name} {:>2}/{total}  {}  not begun", 0, bar(0, total))
        }
        LessonState::Skipped => {
            let total = lesson.exercises.len();
            format!(
                "{name} {total:>2}/{total}  {}  (skipped: the reference answers, not run)",
                bar(total, total)
            )
        }
        LessonState::Measured(_) => {
            let (done, total) = progress.counts();
            let skipped = match progress.skipped() {
                0 => String::new(),
                n => format!("  ({n} skipped)"),
            };
            format!("{name} {:>2}/{total}  {}{skipped}", done, bar(done, total))
        }
    }
}

fn bar(done: usize, total: usize) -> String {
    const WIDTH: usize = 20;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(0);
    format!("[{}{}]", "#".repeat(filled), "-".repeat(WIDTH - filled))
}

#[cfg(test)]
mod tests {
    use course::measure::{ExerciseProgress, Regions};

    use super::*;

    const CATALOG: &str = r#"
[[lesson]]
number = 1
title = "One"
dir = "lesson-1"
chapter = "one.md"
[[lesson.exercise]]
id = "1.1"
title = "a"
files = ["src/a.rs"]
hints = ["nudge", "answer"]
[[lesson.exercise]]
id = "1.2"
title = "b"
fast = true
files = ["src/b.rs"]
hints = ["nudge", "answer"]

[[lesson]]
number = 2
title = "Two"
dir = "lesson-2"
chapter = "two.md"
builds_on = [1]
[[lesson.exercise]]
id = "2.1"
title = "c"
files = ["src/c.rs"]
hints = ["nudge", "answer"]
[[lesson.exercise]]
id = "2.2"
title = "d"
fast = true
files = ["src/d.rs"]
hints = ["nudge", "answer"]
"#;

    /// The course with the exercises in `done` passing and every other one failing; those in
    /// `begun` (and the done ones) hold the learner's code.
    fn progress<'a>(
        catalog: &'a Catalog,
        done: &[&str],
        begun: &[&str],
    ) -> Vec<LessonProgress<'a>> {
        catalog
            .lessons
            .iter()
            .map(|lesson| LessonProgress {
                lesson,
                state: LessonState::Measured(
                    lesson
                        .exercises
                        .iter()
                        .map(|exercise| {
                            let test = vec![format!("{}_test", exercise.key())];
                            let passed = done.contains(&exercise.id.as_str());
                            ExerciseProgress {
                                exercise,
                                passed: if passed { test.clone() } else { vec![] },
                                failed: if passed { vec![] } else { test },
                            }
                        })
                        .collect(),
                ),
                regions: lesson
                    .exercises
                    .iter()
                    .map(|exercise| {
                        let id = exercise.id.as_str();
                        if done.contains(&id) || begun.contains(&id) {
                            Regions::Begun
                        } else {
                            Regions::Shipped
                        }
                    })
                    .collect(),
            })
            .collect()
    }

    fn next_id(catalog: &Catalog, done: &[&str], begun: &[&str]) -> Option<String> {
        let progress = progress(catalog, done, begun);
        next_exercise(&progress, Route::Whole).map(|(_, exercise)| exercise.id.clone())
    }

    /// `cargo course skip` of an exercise ahead of the learner (to see a later one work, say) does
    /// not move them: where they are is where their own code is.
    #[test]
    fn a_skipped_exercise_does_not_move_the_learner_on() {
        let catalog = Catalog::parse(CATALOG).expect("a valid catalog");
        let mut skipped = progress(&catalog, &["1.1", "2.1"], &[]);
        skipped[1].regions[0] = Regions::Skipped;
        let next = next_exercise(&skipped, Route::Whole).map(|(_, exercise)| exercise.id.clone());
        assert_eq!(next.as_deref(), Some("1.2"), "2.1 was skipped, 1.2 is next");
        let mut whole_lesson = progress(&catalog, &["1.1", "1.2"], &[]);
        whole_lesson[0].regions = vec![Regions::Skipped; 2];
        let next =
            next_exercise(&whole_lesson, Route::Whole).map(|(_, exercise)| exercise.id.clone());
        assert_eq!(
            next.as_deref(),
            Some("2.1"),
            "a skipped lesson leads to the next one"
        );
    }

    #[test]
    fn next_is_the_first_unfinished_from_where_the_learner_is() {
        let catalog = Catalog::parse(CATALOG).expect("a valid catalog");
        let next = |done: &[&str], begun: &[&str]| next_id(&catalog, done, begun);
        assert_eq!(next(&[], &[]).as_deref(), Some("1.1"));
        assert_eq!(next(&["1.1"], &[]).as_deref(), Some("1.2"));
        assert_eq!(
            next(&["1.1", "1.2"], &[]).as_deref(),
            Some("2.1"),
            "lesson 1 done: on to lesson 2"
        );
        assert_eq!(
            next(&["1.1"], &["1.2"]).as_deref(),
            Some("1.2"),
            "begun and not passing yet: still 1.2"
        );
        assert_eq!(
            next(&["1.1", "2.1"], &[]).as_deref(),
            Some("2.2"),
            "lesson 2 is begun: its next exercise, not lesson 1's"
        );
        assert_eq!(
            next(&["1.1", "2.1", "2.2"], &[]).as_deref(),
            Some("1.2"),
            "the last lesson is finished: back to the first exercise left"
        );
        assert_eq!(next(&["1.1", "1.2", "2.1", "2.2"], &[]), None);
    }

    #[test]
    fn a_lesson_skipped_whole_counts_as_done_without_a_build() {
        let catalog = Catalog::parse(CATALOG).expect("a valid catalog");
        let mut progress = progress(&catalog, &[], &[]);
        progress[0].state = LessonState::Skipped;
        progress[0].regions = vec![Regions::Skipped; 2];
        progress[1].state = LessonState::NotBegun;
        let next =
            next_exercise(&progress, Route::Whole).map(|(at, exercise)| (at, exercise.id.clone()));
        assert_eq!(next, Some((1, "2.1".to_owned())));
        let line = lesson_line(&progress[0], 3);
        assert!(line.contains(" 2/2") && line.contains("not run"), "{line}");
    }

    #[test]
    fn a_lesson_not_begun_counts_as_pending_without_a_build() {
        let catalog = Catalog::parse(CATALOG).expect("a valid catalog");
        let mut progress = progress(&catalog, &["1.1", "1.2"], &[]);
        progress[1].state = LessonState::NotBegun;
        let next =
            next_exercise(&progress, Route::Whole).map(|(at, exercise)| (at, exercise.id.clone()));
        assert_eq!(next, Some((1, "2.1".to_owned())));
        assert!(lesson_line(&progress[1], 3).contains(" 0/2"));
    }

    #[test]
    fn the_next_exercise_names_what_is_open_in_the_lessons_it_builds_on() {
        let catalog = Catalog::parse(CATALOG).expect("a valid catalog");
        let two = &catalog.lessons[1];
        let note = |done: &[&str]| unfinished_below(&catalog, &progress(&catalog, done, &[]), two);
        let open = note(&["1.1", "2.1"]).expect("1.2 is open");
        assert!(
            open.starts_with("Lesson 2 builds on your own Lesson 1")
                && open.contains("where 1.2 is not done yet")
                && open.contains("`cargo course skip 1.2`"),
            "{open}"
        );
        assert!(note(&[]).is_some_and(|text| text.contains("where 1.1, 1.2 are not done")));
        assert_eq!(note(&["1.1", "1.2"]), None, "Lesson 1 done: nothing to say");
        assert_eq!(
            unfinished_below(&catalog, &progress(&catalog, &[], &[]), &catalog.lessons[0]),
            None,
            "Lesson 1 builds on nothing"
        );
    }

    #[test]
    fn the_fast_track_skips_what_is_off_it_on_the_way() {
        let catalog = Catalog::parse(CATALOG).expect("a valid catalog");
        let next = |done: &[&str]| {
            let progress = progress(&catalog, done, &[]);
            let next = next_exercise(&progress, Route::Fast).map(|(_, ex)| ex);
            (
                next.map(|exercise| exercise.id.clone()),
                next.and_then(|exercise| off_the_track(&progress, exercise)),
            )
        };
        let (id, note) = next(&[]);
        assert_eq!(id.as_deref(), Some("1.2"), "1.1 is off the track");
        let note = note.expect("1.1 is off the track and not done");
        assert!(
            note.contains("1 exercise is off it before 1.2")
                && note.ends_with("cargo course skip 1.1 --yes"),
            "{note}"
        );
        let (id, note) = next(&["1.1", "1.2"]);
        assert_eq!(id.as_deref(), Some("2.2"));
        assert!(
            note.is_some_and(|note| note.ends_with("cargo course skip 2.1 --yes")),
            "only what is left before 2.2"
        );
        assert_eq!(next(&["1.1", "1.2", "2.1"]), (Some("2.2".to_owned()), None));
        assert_eq!(
            next(&["1.2", "2.2"]).0,
            None,
            "the track is done, 1.1 and 2.1 left off it"
        );
    }
}
