//! `reset ID|N`: an exercise's bodies back as shipped, from `starter.toml`, without git.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use anyhow::bail;
use course::{Catalog, Exercise};

use super::Target;

/// An exercise as a reset's question names it.
pub fn exercise_named(exercise: &Exercise) -> String {
    format!("exercise {} ({})", exercise.id, exercise.title)
}

/// What a reset asks before it overwrites `what` (`exercise 1.3 (...)`, `every exercise of ...`).
pub fn question(what: &str) -> String {
    format!("Reset {what} to the starter? Your code inside its regions is lost. [y/N] ")
}

/// Whether an answer to [`question`] says yes; anything else, an empty line too, keeps the code.
pub fn confirmed(answer: &str) -> bool {
    matches!(answer.trim().to_lowercase().as_str(), "y" | "yes")
}

pub fn reset(root: &Path, catalog: &Catalog, target: &str, yes: bool) -> anyhow::Result<()> {
    let target = Target::parse(catalog, target)?;
    let lesson = target.lesson();
    let exercises = target.exercises();
    if !yes {
        let what = match &target {
            Target::Exercise(_, exercise) => exercise_named(exercise),
            Target::Lesson(lesson) => format!("every exercise of lesson {}", lesson.number),
        };
        if !std::io::stdin().is_terminal() {
            bail!(
                "resetting {what} loses your code in it; add --yes to confirm without a terminal"
            );
        }
        print!("{}", question(&what));
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !confirmed(&answer) {
            println!("Nothing changed.");
            return Ok(());
        }
    }
    for exercise in exercises {
        let changed = course::starter::reset(root, lesson, exercise)?;
        if changed.is_empty() {
            println!("exercise {}: already as shipped", exercise.id);
        }
        for file in changed {
            let shown = file.strip_prefix(root).unwrap_or(&file);
            println!("exercise {}: reset {}", exercise.id, shown.display());
        }
    }
    Ok(())
}
