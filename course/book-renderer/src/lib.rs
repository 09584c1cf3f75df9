//! The course's book, rendered with mdBook's own library, in-process: neither the checks nor a
//! learner need the `mdbook` command installed.

use std::path::Path;

/// Renders the book in `root/mdbook` into `out`.
pub fn render(root: &Path, out: &Path) -> anyhow::Result<()> {
    let mut book = mdbook_driver::MDBook::load(root.join("mdbook"))
        .map_err(|error| anyhow::anyhow!("mdbook/ does not load as a book: {error:#}"))?;
    book.config.build.build_dir = out.to_path_buf();
    book.build()
        .map_err(|error| anyhow::anyhow!("the book does not build: {error:#}"))
}
