//! `diff`: a learner's work beside the reference (`grade` shows it too, with `--diff`).

use std::path::{Path, PathBuf};

use anyhow::bail;
use course::{Catalog, Exercise};
use similar::TextDiff;

use course::starter::bodies;

use super::Target;

pub fn diff(root: &Path, catalog: &Catalog, target: &str, learner: &Path) -> anyhow::Result<()> {
    let target = Target::parse(catalog, target)?;
    let lesson = target.lesson();
    let learner_dir = checkout(learner)?.join("lessons").join(&lesson.dir);
    let solution_dir = lesson.solution_dir(root);
    for exercise in target.exercises() {
        println!("== exercise {} ({})", exercise.id, exercise.title);
        for (file, diff) in exercise_diff(&learner_dir, &solution_dir, exercise)? {
            match diff {
                None => println!("   {}: the same as the solution", file.display()),
                Some(diff) => print!("{diff}"),
            }
        }
    }
    Ok(())
}

/// For each of `exercise`'s files, the learner's region bodies (under `learner_dir`) against the
/// solution's as a unified diff, or `None` where they are the same.
pub fn exercise_diff(
    learner_dir: &Path,
    solution_dir: &Path,
    exercise: &Exercise,
) -> anyhow::Result<Vec<(PathBuf, Option<String>)>> {
    let mut diffs = Vec::new();
    for file in &exercise.files {
        let theirs = bodies(learner_dir, file, exercise)?;
        let ours = bodies(solution_dir, file, exercise)?;
        if theirs == ours {
            diffs.push((file.clone(), None));
            continue;
        }
        let (theirs, ours) = (theirs.concat(), ours.concat());
        let diff = TextDiff::from_lines(&theirs, &ours);
        let learner_name = format!("learner/{}", file.display());
        let solution_name = format!("solution/{}", file.display());
        let text = diff
            .unified_diff()
            .context_radius(3)
            .header(&learner_name, &solution_name)
            .to_string();
        diffs.push((file.clone(), Some(text)));
    }
    Ok(diffs)
}

/// A course checkout: a folder with `course.toml` and `lessons/`.
pub fn checkout(path: &Path) -> anyhow::Result<PathBuf> {
    if !path.join("course.toml").is_file() || !path.join("lessons").is_dir() {
        bail!(
            "{} is not a course checkout (no course.toml and lessons/ in it)",
            path.display()
        );
    }
    Ok(path.to_path_buf())
}
