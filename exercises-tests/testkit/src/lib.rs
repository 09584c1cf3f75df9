//! What every exercise test needs: send a request to an axum app and check the reply, failing with
//! a message that names the exercise, shows what was sent, what was expected and what came back,
//! and gives the exercise's hint.
//!
//! ```text
//! let reply = send("1.4", || app(state), Req::get("/api/v1/bookmarks/7")).await;
//! reply.expect_status(StatusCode::NOT_FOUND);
//! ```
//!
//! A `todo!()` in a starter panics inside the app; [`send`] catches that panic and reports it as
//! the reply, so the learner reads "the handler panicked: not yet implemented" under the exercise's
//! name instead of a bare panic.

mod logs;
mod reply;
mod request;
mod server;

pub use logs::CapturedLogs;
pub use reply::Reply;
pub use request::Req;
pub use server::{TestServer, fetch, request};

use std::cell::RefCell;
use std::sync::{LazyLock, Once};

use axum::Router;
use course_catalog::{Catalog, Exercise};
use http_body_util::BodyExt;
use tower::ServiceExt;

static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::embedded);

/// The exercise an id names. A test that names an unknown exercise is a bug in the test, so this
/// panics. Every test asks for its exercise first, so this is also where the quiet
/// panic hook goes in: the report stays the first thing a learner reads, even with
/// `RUST_BACKTRACE=1` in their environment.
pub fn exercise(id: &str) -> &'static Exercise {
    install_panic_hook();
    CATALOG
        .exercise(id)
        .map(|(_, exercise)| exercise)
        .unwrap_or_else(|| panic!("course.toml has no exercise {id}"))
}

/// Builds an app (or anything else a test needs first) as part of exercise `id`'s test: a
/// `todo!()` reached while building fails the test with the exercise's report, not a bare panic.
#[track_caller]
pub fn build<T>(id: &str, make: impl FnOnce() -> T) -> T {
    attempt(id, "building the app", "the app to be built", make)
}

/// Runs `run`, described to the learner as `what` (for example `hash_password("hunter2")`), as
/// part of exercise `id`'s test; a panic in it fails the test with the report, saying `expected`.
#[track_caller]
pub fn attempt<T>(id: &str, what: &str, expected: &str, run: impl FnOnce() -> T) -> T {
    let exercise = exercise(id);
    install_panic_hook();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(value) => value,
        Err(payload) => {
            let received = panicked(payload.as_ref());
            reply::report(exercise, what, expected, &received)
        }
    }
}

/// The async form of [`attempt`]: runs `future` in a task of its own so a panic in it is caught.
pub async fn attempt_async<T, F>(id: &str, what: &str, expected: &str, future: F) -> T
where
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let exercise = exercise(id);
    install_panic_hook();
    match tokio::spawn(future).await {
        Ok(value) => value,
        Err(error) => {
            let received = if error.is_panic() {
                panicked(error.into_panic().as_ref())
            } else {
                format!("the task was cancelled: {error}")
            };
            reply::report(exercise, what, expected, &received)
        }
    }
}

/// Builds the app with `app` and sends it `request` with `tower::ServiceExt::oneshot`, as a test
/// of exercise `id`. Building and answering both run in a task of their own, so a panic in either
/// (a `todo!()` not yet replaced) becomes part of the [`Reply`] instead of ending the test.
pub async fn send<F>(id: &str, app: F, request: Req) -> Reply
where
    F: FnOnce() -> Router + Send + 'static,
{
    let exercise = exercise(id);
    install_panic_hook();
    let sent = request.to_string();
    let http_request = request.into_http();
    let answered = tokio::spawn(async move {
        let response = app()
            .oneshot(http_request)
            .await
            .unwrap_or_else(|never| match never {});
        let (parts, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .map(|collected| collected.to_bytes())
            .map_err(|error| format!("the response body could not be read: {error}"));
        (parts, body)
    })
    .await;
    let outcome = match answered {
        Ok((parts, Ok(body))) => Ok((parts, body)),
        Ok((_, Err(message))) => Err(message),
        Err(join_error) if join_error.is_panic() => Err(panicked(join_error.into_panic().as_ref())),
        Err(join_error) => Err(format!("the request was cancelled: {join_error}")),
    };
    Reply::new(Some(exercise), sent, outcome)
}

thread_local! {
    /// Where the last panic on this thread happened: `src/bookmarks.rs:17:5`.
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The last `todo!()` of an exercise that panicked on this thread, wherever it was caught: its
    /// exercise's id and its location. A test of one exercise can run another's code (5.2's tests
    /// sign up a user, which is 5.1's), and its report says so.
    static TODO_REACHED: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// The exercise a starter's `todo!()` names: its message reads "not yet implemented: exercise
/// 5.1: ...".
fn exercise_of_todo(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("not yet implemented: exercise ")?;
    let (id, _) = rest.split_once(':')?;
    Some(id)
}

/// The other exercise whose unfinished code a test of `id` ran into, and where, if any.
pub(crate) fn other_todo_reached(id: &str) -> Option<(String, String)> {
    TODO_REACHED
        .with(|reached| reached.borrow().clone())
        .filter(|(other, _)| other != id)
}

/// Replaces the default panic hook with one that prints only the location and the message (no
/// backtrace, whatever `RUST_BACKTRACE` says) and remembers the location, so the report can point
/// at the `todo!()` that panicked. The tests' runtime is single-threaded, so the app's panic happens
/// on the test's own thread.
pub(crate) fn install_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let location = info.location().map(ToString::to_string);
            let todo = info.payload_as_str().and_then(exercise_of_todo);
            if let (Some(id), Some(location)) = (todo, &location) {
                let reached = (id.to_owned(), location.clone());
                TODO_REACHED.with(|last| *last.borrow_mut() = Some(reached));
            }
            PANIC_LOCATION.with(|last| *last.borrow_mut() = location);
            eprintln!("{info}");
        }));
    });
}

/// "panicked at src/x.rs:3:5: not yet implemented: …", from a caught panic's payload
/// and the location the hook remembered.
pub(crate) fn panicked(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".to_owned());
    match PANIC_LOCATION.with(|last| last.borrow_mut().take()) {
        Some(location) => format!("panicked at {location}: {text}"),
        None => format!("panicked: {text}"),
    }
}

/// Fails a test that checks something no [`Reply`] describes (a raw socket's answer, say) with the
/// same report as [`Reply::fail`].
#[track_caller]
pub fn fail(id: &str, sent: &str, expected: impl std::fmt::Display, received: &str) -> ! {
    let exercise = exercise(id);
    reply::report(exercise, sent, expected, received)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(id: &str) -> Exercise {
        Exercise {
            id: id.to_owned(),
            title: "a title".to_owned(),
            hints: Vec::new(),
            files: Vec::new(),
            fast: false,
        }
    }

    /// The report of a test whose code ran into another exercise's `todo!()` (caught on the way,
    /// as a server catches a handler's panic) names that exercise first; its own `todo!()` does not.
    #[test]
    fn a_report_names_an_earlier_unfinished_exercise_first() {
        install_panic_hook();
        let report_of = |id: &str| -> String {
            let payload = std::panic::catch_unwind(|| {
                reply::report(&exercise(id), "POST /x", "201", "a 500")
            })
            .expect_err("a report panics");
            payload
                .downcast_ref::<String>()
                .cloned()
                .expect("its message")
        };
        let _ = std::panic::catch_unwind(|| todo!("exercise 5.1: sign the user up"));
        let other = report_of("5.2");
        let first = other
            .lines()
            .find(|line| line.trim_start().starts_with("first:"))
            .expect("a first: line");
        assert!(
            first.contains("exercise 5.1: this test runs its code, and its todo!() panicked at")
                && first.contains("lib.rs:"),
            "{other}"
        );
        assert!(other.find("first:") < other.find("sent:"), "{other}");
        assert!(
            !report_of("5.1").contains("first:"),
            "its own todo is no other's"
        );
    }

    #[test]
    fn a_todo_names_its_exercise() {
        let message = "not yet implemented: exercise 5.1: check the fields, store the user";
        assert_eq!(exercise_of_todo(message), Some("5.1"));
        assert_eq!(exercise_of_todo("not yet implemented"), None);
        assert_eq!(
            exercise_of_todo("index out of bounds: exercise 5.1: x"),
            None
        );
    }
}
