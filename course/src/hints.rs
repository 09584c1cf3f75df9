//! Hints in levels. Each exercise has a few, from a nudge to the near-answer; `cargo course hint`
//! reveals one more each time it is asked, and remembers how many it has shown, so asking again
//! tomorrow starts where you left off rather than at the answer or back at the nudge.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::catalog::Exercise;

/// How many hints of each exercise have been shown, by exercise id.
fn memory(root: &Path) -> PathBuf {
    root.join("target").join("course").join("hints-shown.txt")
}

fn read(root: &Path) -> BTreeMap<String, usize> {
    std::fs::read_to_string(memory(root))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let (id, shown) = line.split_once(' ')?;
            Some((id.to_owned(), shown.parse().ok()?))
        })
        .collect()
}

/// Shows one more of `exercise`'s hints (the last one again once all are shown) and returns the
/// hints shown so far.
pub fn reveal<'a>(root: &Path, exercise: &'a Exercise) -> anyhow::Result<&'a [String]> {
    let mut shown = read(root);
    let count = shown.entry(exercise.id.clone()).or_insert(0);
    *count = (*count + 1).min(exercise.hints.len());
    let revealed = &exercise.hints[..*count];
    let text: String = shown
        .iter()
        .map(|(id, count)| format!("{id} {count}\n"))
        .collect();
    let path = memory(root);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(revealed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_request_shows_one_more_and_the_count_is_remembered() {
        let root = std::env::temp_dir().join(format!("course-hints-{}", std::process::id()));
        let exercise = Exercise {
            id: "1.3".to_owned(),
            title: "t".to_owned(),
            hints: vec!["nudge".to_owned(), "answer".to_owned()],
            files: vec![],
            fast: false,
        };
        assert_eq!(reveal(&root, &exercise).unwrap(), ["nudge"]);
        assert_eq!(reveal(&root, &exercise).unwrap(), ["nudge", "answer"]);
        assert_eq!(
            reveal(&root, &exercise).unwrap(),
            ["nudge", "answer"],
            "no further than the last"
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
