//! `maintain generate-starters`: the starters made from their solution, written into the checkout.

use std::path::Path;

use course::Catalog;

pub fn generate_starters(root: &Path, catalog: &Catalog, overwrite: bool) -> anyhow::Result<()> {
    for lesson in catalog.lessons.iter().filter(|l| l.generates_starter()) {
        let written = course::starter::write_generated(root, lesson, overwrite)?;
        println!(
            "{written} files of {} generated from {}",
            lesson.starter_dir(Path::new("")).display(),
            lesson.solution_dir(Path::new("")).display()
        );
    }
    Ok(())
}
