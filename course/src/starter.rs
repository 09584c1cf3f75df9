//! The starter's exercise bodies as shipped (`exercises-tests/lesson-N/starter.toml`), so
//! `cargo course reset` can restore an exercise without git.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::catalog::{Exercise, Lesson};
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
    let dir = lesson.starter_dir(root);
    let mut changed = Vec::new();
    for file in &exercise.files {
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
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let restored = replace_bodies(&text, &exercise.id, &bodies)
            .with_context(|| format!("{}", path.display()))?;
        if restored != text {
            std::fs::write(&path, restored)
                .with_context(|| format!("cannot write {}", path.display()))?;
            changed.push(path);
        }
    }
    Ok(changed)
}
