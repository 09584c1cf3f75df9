//! `reset ID|N`: an exercise's bodies back as shipped, from `starter.toml`, without git; and
//! `skip ID|N`: the reference answer in its place, for a learner who knows that part already (the
//! exercises after it may build on it).

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
    replace(
        root,
        catalog,
        &[target.to_owned()],
        yes,
        Replacement::Shipped,
    )
}

pub fn skip(root: &Path, catalog: &Catalog, targets: &[String], yes: bool) -> anyhow::Result<()> {
    replace(root, catalog, targets, yes, Replacement::Reference)
}

#[derive(Clone, Copy)]
enum Replacement {
    Shipped,
    Reference,
}

fn replace(
    root: &Path,
    catalog: &Catalog,
    targets: &[String],
    yes: bool,
    with: Replacement,
) -> anyhow::Result<()> {
    let targets = targets
        .iter()
        .map(|text| Target::parse(catalog, text))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if matches!(with, Replacement::Reference)
        && let Some(target) = targets
            .iter()
            .find(|target| !target.lesson().solution_dir(root).join("src").is_dir())
    {
        anyhow::bail!(
            "this is the learner edition: it has no reference answer for lesson {} to skip to (ask your instructor)",
            target.lesson().number
        );
    }
    if !yes {
        let named: Vec<String> = targets
            .iter()
            .map(|target| match target {
                Target::Exercise(_, exercise) => exercise_named(exercise),
                Target::Lesson(lesson) => format!("every exercise of lesson {}", lesson.number),
            })
            .collect();
        let what = named.join(", ");
        let (doing, asked) = match with {
            Replacement::Shipped => ("resetting", question(&what)),
            Replacement::Reference => (
                "skipping",
                format!(
                    "Skip {what}? Its regions get the reference answer; your code inside them is \
                     lost. [y/N] "
                ),
            ),
        };
        if !std::io::stdin().is_terminal() {
            bail!("{doing} {what} loses your code in it; add --yes to confirm without a terminal");
        }
        print!("{asked}");
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !confirmed(&answer) {
            println!("Nothing changed.");
            return Ok(());
        }
    }
    let chosen = targets.iter().flat_map(|target| {
        let lesson = target.lesson();
        target
            .exercises()
            .into_iter()
            .map(move |exercise| (lesson, exercise))
    });
    for (lesson, exercise) in chosen {
        let (changed, done, already) = match with {
            Replacement::Shipped => (
                course::starter::reset(root, lesson, exercise)?,
                "reset",
                "already as shipped",
            ),
            Replacement::Reference => (
                course::starter::skip(root, lesson, exercise)?,
                "skipped, the reference answer in",
                "already holds the reference answer",
            ),
        };
        if changed.is_empty() {
            println!("exercise {}: {already}", exercise.id);
        }
        for file in changed {
            let shown = file.strip_prefix(root).unwrap_or(&file);
            println!("exercise {}: {done} {}", exercise.id, shown.display());
        }
    }
    Ok(())
}
