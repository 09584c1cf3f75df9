//! `watch`: the next exercise's tests, re-run whenever the lesson's files are saved.
//!
//! Type a letter and Enter: `h` hint, `l` list, `n` next (re-measure), `r` reset this exercise,
//! `q` quit; Enter alone re-runs the tests. With `--manual` nothing is watched (for file systems
//! that send no change events, such as some network or container mounts): save, then press Enter.

use std::io::Write;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use anyhow::Context;
use course::measure::{Route, measure_course, next_exercise};
use course::runner::{self, TestRun};
use course::{Catalog, Exercise, Lesson};
use notify::{RecursiveMode, Watcher};

use super::status::{ALL_DONE, hint, print_exercise};

enum Event {
    Saved,
    Command(String),
    InputClosed,
}

/// How long the files must stay quiet after a save before the tests run: an editor's save is often
/// several writes (a temporary file, a rename, a metadata update).
const DEBOUNCE: Duration = Duration::from_millis(300);

pub fn watch(root: &Path, catalog: &Catalog, manual: bool) -> anyhow::Result<()> {
    let (events, inbox) = mpsc::channel();
    spawn_input_reader(events.clone());
    let _watcher = if manual {
        None
    } else {
        Some(watch_lessons(root, events)?)
    };
    let mut current: Option<String> = None;
    loop {
        eprintln!("Measuring your progress…");
        let progress = measure_course(root, catalog, false, Route::Whole)?;
        let Some((at, exercise)) = next_exercise(&progress, Route::Whole) else {
            println!("{ALL_DONE}");
            return Ok(());
        };
        let lesson = progress[at].lesson;
        if let Some(previous) = current.replace(exercise.id.clone())
            && previous != exercise.id
        {
            println!(
                "\n✓ exercise {previous} is done! On to exercise {}.\n",
                exercise.id
            );
        }
        print_exercise(lesson, exercise);
        if run_exercise(root, lesson, exercise)? {
            continue;
        }
        println!(
            "\n{}  [h]int  [l]ist  [n]ext  [r]eset  [q]uit  (letter + Enter)",
            if manual {
                "Save, then press Enter to run the tests again."
            } else {
                "Save a file to run the tests again."
            }
        );
        loop {
            match wait(&inbox) {
                Event::Saved => break,
                Event::InputClosed => return Ok(()),
                Event::Command(command) => match command.as_str() {
                    "" | "n" => break,
                    "q" => return Ok(()),
                    "h" => hint(root, catalog, &exercise.id)?,
                    "l" => super::status::list(
                        root,
                        catalog,
                        Some(&lesson.number.to_string()),
                        false,
                        Route::Whole,
                    )?,
                    // The question is answered with the keys everything else here is: the
                    // thread reading them holds stdin, so `reset` cannot read an answer itself.
                    "r" => {
                        let what = super::reset::exercise_named(exercise);
                        print!("{}", super::reset::question(&what));
                        std::io::stdout().flush()?;
                        match wait(&inbox) {
                            Event::Command(answer) if super::reset::confirmed(&answer) => {
                                super::reset::reset(root, catalog, &exercise.id, true)?;
                                break;
                            }
                            Event::InputClosed => return Ok(()),
                            _ => println!("Nothing changed."),
                        }
                    }
                    other => println!("unknown key `{other}`: h, l, n, r or q"),
                },
            }
        }
    }
}

/// Runs the exercise's tests and shows the outcome; true when they all pass.
fn run_exercise(root: &Path, lesson: &Lesson, exercise: &Exercise) -> anyhow::Result<bool> {
    eprintln!(
        "\nRunning `cargo test -p {} {}`…",
        lesson.package(),
        exercise.key()
    );
    let (run, stdout) = runner::run(root, lesson, Some(&exercise.key()), None)?;
    let results = match run {
        TestRun::BuildFailed(errors) => {
            println!("\nThe lesson does not compile:\n\n{errors}");
            return Ok(false);
        }
        TestRun::Ran(results) => results,
    };
    let failing = results.values().filter(|passed| !**passed).count();
    if failing == 0 && !results.is_empty() {
        return Ok(true);
    }
    println!("\n{failing} of {} tests fail. The first:\n", results.len());
    println!("{}", runner::first_failure(&stdout).unwrap_or(stdout));
    Ok(false)
}

/// Waits for the next event; a save swallows the saves that follow it within [`DEBOUNCE`].
fn wait(inbox: &Receiver<Event>) -> Event {
    match inbox.recv() {
        Ok(Event::Saved) => loop {
            match inbox.recv_timeout(DEBOUNCE) {
                Ok(Event::Saved) => continue,
                Ok(other) => return other,
                Err(RecvTimeoutError::Timeout) => return Event::Saved,
                Err(RecvTimeoutError::Disconnected) => return Event::InputClosed,
            }
        },
        Ok(other) => other,
        Err(_) => Event::InputClosed,
    }
}

fn spawn_input_reader(events: Sender<Event>) {
    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { break };
            if events
                .send(Event::Command(line.trim().to_lowercase()))
                .is_err()
            {
                return;
            }
        }
        let _ = events.send(Event::InputClosed);
    });
}

fn watch_lessons(root: &Path, events: Sender<Event>) -> anyhow::Result<notify::RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let relevant = matches!(
            event.kind,
            notify::EventKind::Create(_)
                | notify::EventKind::Modify(_)
                | notify::EventKind::Remove(_)
        ) && event.paths.iter().any(|path| is_source(path));
        if relevant {
            let _ = events.send(Event::Saved);
        }
    })
    .context("cannot watch files here; use `cargo course watch --manual`")?;
    watcher
        .watch(&root.join("lessons"), RecursiveMode::Recursive)
        .context("cannot watch lessons/; use `cargo course watch --manual`")?;
    Ok(watcher)
}

/// A file a learner edits, not an editor's swap or backup file, nor build output.
fn is_source(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    let editor_file = name.starts_with(".#")
        || name.ends_with('~')
        || [".swp", ".swx", ".swo", ".tmp"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || name == "4913";
    let built = path.components().any(|part| part.as_os_str() == "target");
    let source = [".rs", ".sql", ".toml"]
        .iter()
        .any(|ext| name.ends_with(ext));
    source && !editor_file && !built
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::is_source;

    #[test]
    fn editor_files_do_not_count_as_saves() {
        for name in [
            "src/.lib.rs.swp",
            "src/lib.rs~",
            "src/.#lib.rs",
            "src/4913",
            "target/x.rs",
        ] {
            assert!(!is_source(Path::new(name)), "{name}");
        }
        assert!(is_source(Path::new("lessons/lesson-1-routing/src/lib.rs")));
    }
}
