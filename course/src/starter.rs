//! The starter's exercise bodies as shipped (`exercises-tests/lesson-N/starter.toml`), so
//! `cargo course reset` can restore an exercise without git, and a starter generated from its
//! solution (Lesson 5's, from `capstone/`) with those bodies in the exercise regions.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::catalog::{Exercise, Lesson};
use crate::files;
use crate::regions::{regions, replace_bodies};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StarterRegion {
    pub exercise: String,
    /// Relative to the lesson's folder.
    pub file: PathBuf,
    pub body: String,
}

#[derive(Deserialize)]
struct StarterFile {
    #[serde(default)]
    region: Vec<StarterRegion>,
}

pub fn path(root: &Path, lesson: &Lesson) -> PathBuf {
    root.join("exercises-tests")
        .join(format!("lesson-{}", lesson.number))
        .join("starter.toml")
}

/// The shipped bodies of every region of the lesson, by file, in file order.
pub fn load(root: &Path, lesson: &Lesson) -> anyhow::Result<Vec<StarterRegion>> {
    let path = path(root, lesson);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let file: StarterFile =
        toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
    Ok(file.region)
}

/// The regions as they are now in `dir` (a starter folder), in the same form as [`load`].
pub fn current(dir: &Path, lesson: &Lesson) -> anyhow::Result<Vec<StarterRegion>> {
    let mut files: Vec<&PathBuf> = lesson.exercises.iter().flat_map(|e| &e.files).collect();
    files.sort();
    files.dedup();
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(dir.join(file))
            .with_context(|| format!("cannot read {}", dir.join(file).display()))?;
        for region in regions(&text).with_context(|| dir.join(file).display().to_string())? {
            found.push(StarterRegion {
                exercise: region.id,
                file: file.clone(),
                body: region.body,
            });
        }
    }
    Ok(found)
}

/// Puts the shipped bodies of `exercise` back into the learner's starter. Returns the files
/// changed. Everything outside the exercise's regions, and every other exercise, stays as it is.
pub fn reset(root: &Path, lesson: &Lesson, exercise: &Exercise) -> anyhow::Result<Vec<PathBuf>> {
    let shipped = load(root, lesson)?;
    put(root, lesson, exercise, |file| {
        let bodies: Vec<String> = shipped
            .iter()
            .filter(|region| region.exercise == exercise.id && &region.file == file)
            .map(|region| region.body.clone())
            .collect();
        if bodies.is_empty() {
            bail!(
                "{} has no shipped body for exercise {}",
                path(root, lesson).display(),
                exercise.id
            );
        }
        Ok(bodies)
    })
}

/// Puts the solution's bodies of `exercise` into the starter: the reference answer, which is
/// how `check-order` solves an exercise. Returns the files changed.
pub fn solve(root: &Path, lesson: &Lesson, exercise: &Exercise) -> anyhow::Result<Vec<PathBuf>> {
    put(root, lesson, exercise, |file| {
        bodies(&lesson.solution_dir(root), file, exercise)
    })
}

/// Puts the reference answer into every exercise of `lessons`, in a copy of the course: how
/// `check-order` and `grade` finish the lessons a lesson builds on before it is run.
pub fn solve_lessons(root: &Path, lessons: Vec<&Lesson>) -> anyhow::Result<()> {
    for lesson in lessons {
        for exercise in &lesson.exercises {
            solve(root, lesson, exercise)?;
        }
    }
    Ok(())
}

/// The bodies of `exercise`'s regions in `file` under `dir` (a starter or solution folder), in
/// order.
pub fn bodies(dir: &Path, file: &Path, exercise: &Exercise) -> anyhow::Result<Vec<String>> {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(regions(&text)
        .with_context(|| path.display().to_string())?
        .into_iter()
        .filter(|region| region.id == exercise.id)
        .map(|region| region.body)
        .collect())
}

/// [`solve`], with a first line in each region that says so: progress then shows the exercise
/// as skipped rather than solved, and so does the file to whoever reads it.
pub fn skip(root: &Path, lesson: &Lesson, exercise: &Exercise) -> anyhow::Result<Vec<PathBuf>> {
    put(root, lesson, exercise, |file| {
        let comment = if file.extension().is_some_and(|ext| ext == "sql") {
            "--"
        } else {
            "//"
        };
        let marked = |body: String| {
            let indent: String = body
                .lines()
                .find(|line| !line.trim().is_empty())
                .unwrap_or_default()
                .chars()
                .take_while(|c| c.is_whitespace())
                .collect();
            format!("{indent}{comment} {SKIPPED}\n{body}")
        };
        Ok(bodies(&lesson.solution_dir(root), file, exercise)?
            .into_iter()
            .map(marked)
            .collect())
    })
}

/// Replaces the bodies of `exercise`'s regions in each of its starter files with `bodies(file)`.
fn put(
    root: &Path,
    lesson: &Lesson,
    exercise: &Exercise,
    bodies: impl Fn(&PathBuf) -> anyhow::Result<Vec<String>>,
) -> anyhow::Result<Vec<PathBuf>> {
    let dir = lesson.starter_dir(root);
    let mut changed = Vec::new();
    for file in &exercise.files {
        let bodies = bodies(file)?;
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let replaced = replace_bodies(&text, &exercise.id, &bodies)
            .with_context(|| format!("{}", path.display()))?;
        if replaced != text {
            std::fs::write(&path, replaced)
                .with_context(|| format!("cannot write {}", path.display()))?;
            changed.push(path);
        }
    }
    Ok(changed)
}

/// What a generated starter keeps of its own, at its top level: its manifest (its own package
/// name, the build script's dependency, the solution's tests compiled by path), its build script
/// and its offline query data. Everything else in it is generated.
const STARTER_OWN: [&str; 3] = ["Cargo.toml", "build.rs", ".sqlx"];

/// Whether `path` (relative to a lesson's folder) is one of the top-level entries `names`.
fn top_level(path: &Path, names: &[&str]) -> bool {
    names.iter().any(|name| path == Path::new(name))
}

/// The files of the generated starter at `dir` as they are now: all but its own and build output.
fn generated_files_present(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    files::under(dir, &|path| {
        top_level(path, &STARTER_OWN) || path == Path::new("target")
    })
}

/// What is not copied from the solution, at its top level: besides the starter's own files, build
/// output; the tests, which the starter's manifest compiles from the solution's folder, so there
/// is one copy of them; the container recipe, which builds the solution's package; and the
/// examples (the benchmark), which measure the solution.
const NOT_COPIED: [&str; 4] = ["target", "tests", "Dockerfile", "examples"];

/// The files of a generated starter (a lesson whose solution is a project of its own, see
/// [`Lesson::generates_starter`]), by path relative to the starter: every file of the solution
/// but those above, each exercise region's body replaced by the one in `bodies` (the shipped ones
/// from [`load`], or a learner's from [`current`]).
pub fn generate(
    root: &Path,
    lesson: &Lesson,
    bodies: &[StarterRegion],
) -> anyhow::Result<BTreeMap<PathBuf, String>> {
    let shipped = bodies;
    let solution = lesson.solution_dir(root);
    let mut files = BTreeMap::new();
    for relative in files::under(&solution, &|path| {
        top_level(path, &STARTER_OWN) || top_level(path, &NOT_COPIED)
    })? {
        let path = solution.join(&relative);
        let mut text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        for exercise in lesson
            .exercises
            .iter()
            .filter(|e| e.files.contains(&relative))
        {
            let bodies: Vec<String> = shipped
                .iter()
                .filter(|region| region.exercise == exercise.id && region.file == relative)
                .map(|region| region.body.clone())
                .collect();
            text = replace_bodies(&text, &exercise.id, &bodies)
                .with_context(|| format!("{}, exercise {}", path.display(), exercise.id))?;
        }
        files.insert(relative, text);
    }
    Ok(files)
}

/// How the starter in the checkout differs from what [`generate`] makes of the solution with the
/// starter's own region bodies, one line each: the freshness check of a generated starter, which
/// holds in a learner's checkout too (what is inside the regions is [`differs_from_shipped`]'s
/// business).
pub fn generated_differences(root: &Path, lesson: &Lesson) -> anyhow::Result<Vec<String>> {
    let dir = lesson.starter_dir(root);
    let generated = generate(root, lesson, &current(&dir, lesson)?)?;
    let present = generated_files_present(&dir)?;
    let mut found = Vec::new();
    for (relative, text) in &generated {
        match std::fs::read_to_string(dir.join(relative)) {
            Err(_) => found.push(format!("missing: {}", relative.display())),
            Ok(current) if &current != text => {
                found.push(format!("outdated: {}", relative.display()))
            }
            Ok(_) => {}
        }
    }
    for extra in present.iter().filter(|path| !generated.contains_key(*path)) {
        found.push(format!("not generated: {}", extra.display()));
    }
    Ok(found)
}

/// What an exercise's regions in a starter hold, read from the files (no build).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regions {
    /// The bodies `starter.toml` ships: not begun, or reset.
    Shipped,
    /// Anything else: the learner's work.
    Begun,
    /// The reference answer under the line [`skip`] writes first in each region.
    Skipped,
}

/// The line [`skip`] puts first in each region of an exercise, after the comment marker.
const SKIPPED: &str = "skipped: the reference answer, put in by `cargo course skip`";

impl Regions {
    /// How the regions of `exercise` stand in `root`'s starter. Files that cannot be read count
    /// as begun: whatever is there is not what was shipped.
    pub fn of(root: &Path, lesson: &Lesson, exercise: &Exercise) -> Self {
        let of_exercise = |mut regions: Vec<StarterRegion>| -> Vec<String> {
            regions.retain(|region| region.exercise == exercise.id);
            regions.sort_by(|a, b| a.file.cmp(&b.file));
            regions.into_iter().map(|region| region.body).collect()
        };
        let Ok(now) = current(&lesson.starter_dir(root), lesson).map(of_exercise) else {
            return Self::Begun;
        };
        let marked = |body: &String| {
            body.lines().next().is_some_and(|line| {
                let line = line.trim();
                let text = line.strip_prefix("//").or_else(|| line.strip_prefix("--"));
                text.is_some_and(|text| text.trim() == SKIPPED)
            })
        };
        if load(root, lesson).ok().map(of_exercise).as_ref() == Some(&now) {
            Self::Shipped
        } else if !now.is_empty() && now.iter().all(marked) {
            Self::Skipped
        } else {
            Self::Begun
        }
    }
}

/// Whether the exercise regions of the lesson's starter hold anything but the bodies
/// `starter.toml` ships: someone's work, or a `starter.toml` changed without its starter.
pub fn differs_from_shipped(root: &Path, lesson: &Lesson) -> anyhow::Result<bool> {
    let by_place = |mut regions: Vec<StarterRegion>| {
        regions.sort_by(|a, b| (&a.file, &a.exercise).cmp(&(&b.file, &b.exercise)));
        regions
    };
    Ok(by_place(load(root, lesson)?) != by_place(current(&lesson.starter_dir(root), lesson)?))
}

/// Writes the generated starter into the checkout, removing files the solution no longer has.
/// Returns the number of files written. Refuses, unless `overwrite`, when the starter's exercise
/// regions are not the shipped ones: that is someone's work (or a `starter.toml` just changed on
/// purpose, which is what `overwrite` is for).
pub fn write_generated(root: &Path, lesson: &Lesson, overwrite: bool) -> anyhow::Result<usize> {
    let dir = lesson.starter_dir(root);
    if !overwrite && differs_from_shipped(root, lesson)? {
        bail!(
            "{}'s exercise regions are not the ones {} ships: generating would overwrite that \
             work. Put them back first (`cargo course reset {} --yes`); or, if {} changed on \
             purpose, generate with --overwrite.",
            dir.display(),
            path(root, lesson).display(),
            lesson.number,
            path(root, lesson).display()
        );
    }
    let generated = generate(root, lesson, &load(root, lesson)?)?;
    for stale in generated_files_present(&dir)? {
        if !generated.contains_key(&stale) {
            std::fs::remove_file(dir.join(&stale))
                .with_context(|| format!("cannot remove {}", dir.join(&stale).display()))?;
        }
    }
    for (relative, text) in &generated {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(generated.len())
}
