//! The book's listings: every `{{#include path:anchor}}` must name a file that exists and, when it
//! names an anchor, a file that has `ANCHOR: anchor` and `ANCHOR_END: anchor` lines.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// The Markdown file the include is in.
    pub page: PathBuf,
    pub line: usize,
    /// The included file, resolved against the page's folder.
    pub target: PathBuf,
    pub anchor: Option<String>,
}

impl Include {
    /// Whether the included file is under a folder named `folder` (`lessons`, `solutions`).
    pub fn is_under(&self, folder: &str) -> bool {
        self.target
            .components()
            .any(|part| part.as_os_str() == folder)
    }
}

/// The includes of one Markdown page.
pub fn includes(page: &Path, text: &str) -> Vec<Include> {
    let folder = page.parent().unwrap_or(Path::new(""));
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("{{#") {
            let after = &rest[start + 3..];
            let Some(end) = after.find("}}") else { break };
            let directive = &after[..end];
            rest = &after[end + 2..];
            let Some(argument) = ["include ", "rustdoc_include "]
                .iter()
                .find_map(|name| directive.strip_prefix(name))
            else {
                continue;
            };
            let argument = argument.trim();
            let (path, anchor) = match argument.split_once(':') {
                Some((path, selector)) => {
                    let is_anchor = !selector.is_empty()
                        && !selector.chars().all(|c| c.is_ascii_digit() || c == ':');
                    (path, is_anchor.then(|| selector.to_owned()))
                }
                None => (argument, None),
            };
            found.push(Include {
                page: page.to_path_buf(),
                line: index + 1,
                target: folder.join(path),
                anchor,
            });
        }
    }
    found
}

/// What is wrong with an include, if anything.
pub fn problem(include: &Include) -> Option<String> {
    let Ok(text) = std::fs::read_to_string(&include.target) else {
        return Some(format!("{} does not exist", include.target.display()));
    };
    let anchor = include.anchor.as_ref()?;
    let has = |marker: String| text.lines().any(|line| line.trim().ends_with(&marker));
    if !has(format!("ANCHOR: {anchor}")) || !has(format!("ANCHOR_END: {anchor}")) {
        return Some(format!(
            "{} has no anchor `{anchor}`",
            include.target.display()
        ));
    }
    None
}

/// The lines (1-based, inclusive) an include shows of `text`, its target: between the anchor's
/// markers, or the given `:start:end` range, or all of it.
pub fn shown_lines(include: &Include, text: &str) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let Some(anchor) = &include.anchor else {
        return (1, lines.len());
    };
    let at = |marker: String| {
        lines
            .iter()
            .position(|line| line.trim().ends_with(&marker))
            .map(|index| index + 1)
    };
    match (
        at(format!("ANCHOR: {anchor}")),
        at(format!("ANCHOR_END: {anchor}")),
    ) {
        (Some(start), Some(end)) => (start, end),
        _ => (1, lines.len()),
    }
}

/// The exercise a listing would give away: the first solved region (a region of a file outside
/// `lessons/`, the starters) that `include` shows a line of.
pub fn shows_a_solution(include: &Include) -> Option<String> {
    if include.is_under("lessons") {
        return None;
    }
    shown_regions(include).into_iter().next()
}

/// The exercises whose regions `include` shows a line of, starters and solutions alike: a listing
/// that shows none is working code (given, or a primer's), one that shows some is an exercise.
pub fn shown_regions(include: &Include) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(&include.target) else {
        return Vec::new();
    };
    let (first, last) = shown_lines(include, &text);
    crate::regions::regions(&text)
        .unwrap_or_default()
        .into_iter()
        .filter(|region| {
            let end = region.line + region.body.lines().count() + 1;
            region.line <= last && end >= first
        })
        .map(|region| region.id)
        .fold(Vec::new(), |mut ids, id| {
            if !ids.contains(&id) {
                ids.push(id);
            }
            ids
        })
}

/// One exercise's part of a chapter: from its `{#exN_MM}` heading to the next heading of the same
/// level or above, with the listings it includes in the order they appear.
#[derive(Debug)]
pub struct ExerciseSection {
    /// The heading's id, `ex2_05`.
    pub id: String,
    pub line: usize,
    pub includes: Vec<Include>,
}

/// The exercise sections of one page.
pub fn exercise_sections(page: &Path, text: &str) -> Vec<ExerciseSection> {
    let headings: Vec<(usize, usize, &str)> = headings(text).collect();
    let all = includes(page, text);
    let mut sections = Vec::new();
    for (index, &(line, level, heading)) in headings.iter().enumerate() {
        let Some(id) = explicit_id(heading).filter(|id| id.starts_with("ex")) else {
            continue;
        };
        let end = headings[index + 1..]
            .iter()
            .find(|(_, other, _)| *other <= level)
            .map_or(usize::MAX, |(number, _, _)| *number);
        sections.push(ExerciseSection {
            id: id.to_owned(),
            line,
            includes: all
                .iter()
                .filter(|include| include.line > line && include.line < end)
                .cloned()
                .collect(),
        });
    }
    sections
}

/// The anchors a page offers: each heading's `{#id}`, or the id mdBook derives from its text.
pub fn anchors(text: &str) -> Vec<String> {
    headings(text)
        .map(|(_, _, heading)| {
            explicit_id(heading).map_or_else(|| heading_id(heading), str::to_owned)
        })
        .collect()
}

/// The headings outside code blocks: each one's line number, level (its number of `#`) and text.
fn headings(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    numbered_prose_lines(text).filter_map(|(number, line)| {
        let heading = line.trim_start_matches('#');
        let level = line.len() - heading.len();
        (level > 0 && heading.starts_with(' ')).then_some((number, level, heading.trim()))
    })
}

/// The id a heading sets itself (`## Title {#id}`), if it does.
fn explicit_id(heading: &str) -> Option<&str> {
    heading
        .rsplit_once("{#")
        .map(|(_, id)| id.trim_end_matches('}'))
}

/// mdBook's id for a heading: lower case, spaces as dashes, only letters, digits, `-` and `_`.
fn heading_id(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// The targets of a page's links and images that stay inside the book (`page.md#anchor`,
/// `#anchor`, `images/x.svg`), with their line numbers; code blocks and inline code left out.
pub fn internal_links(text: &str) -> Vec<(usize, String)> {
    let mut links = Vec::new();
    for (number, line) in numbered_prose_lines(text) {
        let prose: String = line.split('`').step_by(2).collect();
        let mut rest = prose.as_str();
        while let Some(start) = rest.find("](") {
            let after = &rest[start + 2..];
            let Some(end) = after.find(')') else { break };
            let target = after[..end].split_whitespace().next().unwrap_or_default();
            if !target.is_empty() && !target.contains("://") && !target.starts_with("mailto:") {
                links.push((number, target.to_owned()));
            }
            rest = &after[end..];
        }
    }
    links
}

/// The lines outside fenced code blocks, numbered from 1.
fn numbered_prose_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut fenced = false;
    text.lines().enumerate().filter_map(move |(index, line)| {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            return None;
        }
        (!fenced).then_some((index + 1, line))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn anchors_are_custom_ids_or_derived_from_the_heading() {
        let page = "# Lesson 4: SQLx\n\n## Exercise 4.1: A pool {#ex4_01}\n```sh\n# not a heading\n```\n## What you build\n";
        assert_eq!(
            super::anchors(page),
            ["lesson-4-sqlx", "ex4_01", "what-you-build"]
        );
    }

    #[test]
    fn internal_links_skip_code_and_the_web() {
        let page = "See [4.4](#ex4_04) and [3.9](lesson-3-auth.md#ex3_09), not `[x](#code)`.\n```\n[y](#fenced)\n```\n[docs](https://docs.rs) ![pic](images/a.svg)\n";
        assert_eq!(
            super::internal_links(page),
            [
                (1, "#ex4_04".to_owned()),
                (1, "lesson-3-auth.md#ex3_09".to_owned()),
                (5, "images/a.svg".to_owned()),
            ]
        );
    }

    use super::*;

    #[test]
    fn finds_includes_with_and_without_anchors() {
        let page = Path::new("src/ch.md");
        let text = "a\n```rust\n{{#include ../../x/lib.rs:app}}\n{{#include y.rs}} {{#include z.rs:3:9}}\n```";
        let found = includes(page, text);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].target, Path::new("src/../../x/lib.rs"));
        assert_eq!(found[0].anchor.as_deref(), Some("app"));
        assert_eq!(found[0].line, 3);
        assert_eq!(found[1].anchor, None);
        assert_eq!(found[2].anchor, None);
    }

    #[test]
    fn an_exercise_section_runs_to_the_next_heading_of_its_level() {
        let page = Path::new("ch.md");
        let text = "# L\n{{#include a.rs}}\n## Exercise 1.1: A {#ex1_01}\n{{#include b.rs}}\n### More\n{{#include c.rs}}\n## Exercise 1.2: B {#ex1_02}\n## What you built\n{{#include d.rs}}\n";
        let sections = exercise_sections(page, text);
        let shown: Vec<(&str, Vec<&Path>)> = sections
            .iter()
            .map(|s| {
                let targets = s.includes.iter().map(|i| i.target.as_path()).collect();
                (s.id.as_str(), targets)
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("ex1_01", vec![Path::new("b.rs"), Path::new("c.rs")]),
                ("ex1_02", vec![])
            ]
        );
    }

    #[test]
    fn an_anchor_shows_the_lines_between_its_markers() {
        let include = Include {
            page: "ch.md".into(),
            line: 1,
            target: "x.rs".into(),
            anchor: Some("a".to_owned()),
        };
        let text = "one\n// ANCHOR: a\nthree\n// ANCHOR_END: a\nfive\n";
        assert_eq!(shown_lines(&include, text), (2, 4));
        let whole = Include {
            anchor: None,
            ..include
        };
        assert_eq!(shown_lines(&whole, text), (1, 5));
    }
}
