//! Exercise regions: the lines between `// BEGIN EXERCISE N.M` and `// END EXERCISE N.M` (in SQL,
//! `-- BEGIN EXERCISE N.M` and `-- END EXERCISE N.M`).
//!
//! They are the only place where a starter and its solution may differ, what `cargo course reset`
//! restores and what `cargo course diff` compares.

use anyhow::bail;

const BEGIN: &str = "BEGIN EXERCISE ";
const END: &str = "END EXERCISE ";

/// The marker a line holds, if it is a `//` or `--` comment starting with `marker`.
fn marker<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let comment = line.trim();
    let text = comment
        .strip_prefix("//")
        .or_else(|| comment.strip_prefix("--"))?;
    text.trim_start().strip_prefix(marker)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub id: String,
    /// 1-based line number of the `BEGIN` marker.
    pub line: usize,
    /// The lines between the markers.
    pub body: String,
}

/// The regions of a source file, in order. Unbalanced or nested markers are an error.
pub fn regions(text: &str) -> anyhow::Result<Vec<Region>> {
    let mut found = Vec::new();
    let mut open: Option<Region> = None;
    for (index, line) in text.lines().enumerate() {
        if let Some(id) = marker(line, BEGIN) {
            if let Some(region) = &open {
                bail!(
                    "line {}: exercise {} begins inside exercise {}",
                    index + 1,
                    id,
                    region.id
                );
            }
            open = Some(Region {
                id: id.trim().to_owned(),
                line: index + 1,
                body: String::new(),
            });
        } else if let Some(id) = marker(line, END) {
            match open.take() {
                Some(region) if region.id == id.trim() => found.push(region),
                Some(region) => bail!(
                    "line {}: exercise {} ends exercise {}",
                    index + 1,
                    id,
                    region.id
                ),
                None => bail!("line {}: exercise {} ends but never began", index + 1, id),
            }
        } else if let Some(region) = &mut open {
            region.body.push_str(line);
            region.body.push('\n');
        }
    }
    if let Some(region) = open {
        bail!("line {}: exercise {} never ends", region.line, region.id);
    }
    Ok(found)
}

/// The text with every region's body left out and its markers kept: what a starter and its
/// solution must have in common.
pub fn outside_regions(text: &str) -> String {
    let mut kept = String::new();
    let mut inside = false;
    for line in text.lines() {
        if marker(line, END).is_some() {
            inside = false;
        }
        if !inside {
            kept.push_str(line);
            kept.push('\n');
        }
        if marker(line, BEGIN).is_some() {
            inside = true;
        }
    }
    kept
}

/// `text` with the bodies of exercise `id`'s regions replaced by `bodies`, in order. The markers
/// and everything outside them are kept byte for byte.
pub fn replace_bodies(text: &str, id: &str, bodies: &[String]) -> anyhow::Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut inside: Option<&str> = None;
    let mut next = bodies.iter();
    for line in text.split_inclusive('\n') {
        if let Some(current) = inside {
            if marker(line, END).is_some_and(|end| end.trim() == current) {
                inside = None;
                out.push_str(line);
            }
            continue;
        }
        out.push_str(line);
        if let Some(begin) = marker(line, BEGIN)
            && begin.trim() == id
        {
            let Some(body) = next.next() else {
                bail!("exercise {id} has more regions than bodies to put in them");
            };
            out.push_str(body);
            inside = Some(id);
        }
    }
    if inside.is_some() {
        bail!("exercise {id}'s last region never ends");
    }
    if next.next().is_some() {
        bail!("exercise {id} has fewer regions than bodies to put in them");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str =
        "fn a() {\n    // BEGIN EXERCISE 1.2\n    todo!()\n    // END EXERCISE 1.2\n}\n";

    #[test]
    fn finds_a_region_and_its_body() {
        let found = regions(SOURCE).unwrap();
        assert_eq!(
            found,
            [Region {
                id: "1.2".into(),
                line: 2,
                body: "    todo!()\n".into()
            }]
        );
    }

    #[test]
    fn outside_keeps_the_markers_and_drops_the_body() {
        assert_eq!(
            outside_regions(SOURCE),
            "fn a() {\n    // BEGIN EXERCISE 1.2\n    // END EXERCISE 1.2\n}\n"
        );
    }

    #[test]
    fn replacing_bodies_touches_only_that_exercise() {
        let text = "a\n// BEGIN EXERCISE 1.1\nold\n// END EXERCISE 1.1\n// BEGIN EXERCISE 1.2\nkeep\n// END EXERCISE 1.2\n";
        let replaced = replace_bodies(text, "1.1", &["new\n".to_owned()]).unwrap();
        assert_eq!(
            replaced,
            "a\n// BEGIN EXERCISE 1.1\nnew\n// END EXERCISE 1.1\n// BEGIN EXERCISE 1.2\nkeep\n// END EXERCISE 1.2\n"
        );
        assert!(replace_bodies(text, "1.1", &[]).is_err());
    }

    #[test]
    fn sql_comments_mark_regions_too() {
        let sql = "-- BEGIN EXERCISE 4.2\nDROP TABLE t;\n-- END EXERCISE 4.2\n";
        assert_eq!(regions(sql).unwrap()[0].body, "DROP TABLE t;\n");
    }

    #[test]
    fn unbalanced_markers_are_errors() {
        assert!(regions("// BEGIN EXERCISE 1.1\n").is_err());
        assert!(regions("// END EXERCISE 1.1\n").is_err());
        assert!(regions("// BEGIN EXERCISE 1.1\n// END EXERCISE 1.2\n").is_err());
    }
}
