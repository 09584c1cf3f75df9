//! `book`: the course's book, rendered into `target/book/` with mdBook's own library (nothing to
//! install), and where to open it: at an exercise's section when one is named. The rendering is
//! the `course-book` package's, run through cargo: mdBook is a large build, which a learner's
//! first `cargo course` should not wait for, so it is compiled the first time the book is asked for.

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
    eprintln!("Rendering the book (the first time compiles mdBook, a minute or so)…");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let rendered = std::process::Command::new(cargo)
        .current_dir(root)
        .args(["run", "--quiet", "--package", "course-book", "--"])
        .arg(root)
        .arg(&out)
        .status()
        .context("cannot run cargo")?;
    if !rendered.success() {
        anyhow::bail!("the book did not render (above: why)");
    }
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
