//! `book`: the course's book, rendered into `target/book/` with mdBook's own library (nothing to
//! install), and where to open it: at an exercise's section when one is named.

use std::path::Path;

use anyhow::Context;
use course::Catalog;

pub fn book(root: &Path, catalog: &Catalog, id: Option<&str>, open: bool) -> anyhow::Result<()> {
    let page = match id {
        Some(id) => {
            let (lesson, exercise) = catalog.exercise(id).with_context(|| {
                format!("there is no exercise {id}; `cargo course list` shows them")
            })?;
            exercise.book_page(lesson)
        }
        None => "index.html".to_owned(),
    };
    let out = root.join("target").join("book");
    course::book::render(root, &out)?;
    let url = format!("file://{}/{page}", out.display());
    println!("{url}");
    if open {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        std::process::Command::new(opener)
            .arg(&url)
            .status()
            .with_context(|| format!("cannot run {opener}; open {url} in a browser"))?;
    } else {
        eprintln!("\nOpen it in a browser (or run `cargo course book --open`).");
    }
    Ok(())
}
