//! The one walk over a folder that the course's commands and checks share: the starter generator,
//! the progress fingerprint, the scratch copies of `grade` and `check-order`, and the contract tests.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// Every file under `dir`, by path relative to it, sorted. `skip` sees each entry's relative path
/// (folders too: a skipped folder is not entered), so `target/` at any depth is skipped with
/// `|path| path.ends_with("target")` and only the top-level one with `|path| path == "target"`.
pub fn under(dir: &Path, skip: &dyn Fn(&Path) -> bool) -> anyhow::Result<Vec<PathBuf>> {
    fn walk(
        base: &Path,
        dir: &Path,
        skip: &dyn Fn(&Path) -> bool,
        out: &mut Vec<PathBuf>,
    ) -> anyhow::Result<()> {
        for entry in
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?
        {
            let path = entry?.path();
            let relative = path.strip_prefix(base)?;
            if skip(relative) {
                continue;
            }
            if path.is_dir() {
                walk(base, &path, skip, out)?;
            } else {
                out.push(relative.to_path_buf());
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, skip, &mut out)?;
    out.sort();
    Ok(out)
}

/// Copies the files under `from` that `skip` keeps (see [`under`]) to the same places under `to`.
pub fn copy(from: &Path, to: &Path, skip: &dyn Fn(&Path) -> bool) -> anyhow::Result<()> {
    for relative in under(from, skip)? {
        let target = to.join(&relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::copy(from.join(&relative), &target)
            .with_context(|| format!("cannot copy {}", from.join(&relative).display()))?;
    }
    Ok(())
}

/// Makes the files under `to` that `skip` keeps the same as those under `from`: a file is written
/// only when its contents differ, and one that `from` lacks is removed. A file left alone keeps
/// its modification time, so cargo does not rebuild a crate none of whose files changed, while a
/// written one is newer than any artifact built before it, so cargo cannot take stale artifacts
/// for fresh ones: how `grade` reuses one scratch copy, and its builds, for a whole class.
pub fn sync(from: &Path, to: &Path, skip: &dyn Fn(&Path) -> bool) -> anyhow::Result<()> {
    let wanted = under(from, skip)?;
    for relative in &wanted {
        let source = from.join(relative);
        let bytes =
            std::fs::read(&source).with_context(|| format!("cannot read {}", source.display()))?;
        write_if_changed(&to.join(relative), &bytes)?;
    }
    if to.is_dir() {
        for relative in under(to, skip)? {
            if wanted.binary_search(&relative).is_err() {
                std::fs::remove_file(to.join(&relative))
                    .with_context(|| format!("cannot remove {}", to.join(&relative).display()))?;
            }
        }
    }
    Ok(())
}

/// Writes `bytes` to `target` (and the folders above it) unless it holds them already, so that an
/// unchanged file keeps its modification time (see [`sync`]).
pub fn write_if_changed(target: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if std::fs::read(target).is_ok_and(|present| present == bytes) {
        return Ok(());
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(target, bytes).with_context(|| format!("cannot write {}", target.display()))
}
