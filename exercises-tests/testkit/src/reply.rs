//! What came back, and the checks on it. Every failed check panics with the same report: the
//! exercise, what was sent, what was expected, what was received, the hint and the book section.

use std::fmt::Display;
use std::panic::AssertUnwindSafe;
use std::path::Path;

use axum::body::Bytes;
use axum::http::response::Parts;
use axum::http::{HeaderMap, StatusCode};
use course_catalog::Exercise;
use serde_json::Value;

pub struct Reply {
    /// The exercise whose test sent the request, named in a failure's report; `None` for a test of
    /// finished code (the capstone's own), whose report is what was sent, expected and received.
    exercise: Option<&'static Exercise>,
    sent: String,
    outcome: Result<(Parts, Bytes), String>,
}

impl Reply {
    pub(crate) fn new(
        exercise: Option<&'static Exercise>,
        sent: String,
        outcome: Result<(Parts, Bytes), String>,
    ) -> Self {
        Self {
            exercise,
            sent,
            outcome,
        }
    }

    /// The same reply, its report's "sent" line saying what the test arranged around the request
    /// (", with a database that refuses every connection"): when one request is sent in several
    /// situations, a failure says which it was.
    pub fn with_context(mut self, context: &str) -> Self {
        self.sent = match self.sent.split_once('\n') {
            Some((first, rest)) => format!("{first}, {context}\n{rest}"),
            None => format!("{}, {context}", self.sent),
        };
        self
    }

    /// Whether a response came back at all (not a refused connection or the client's time limit).
    pub fn responded(&self) -> bool {
        self.outcome.is_ok()
    }

    /// Fails the test with the full report. `expected` says, in words, what the exercise asks for.
    #[track_caller]
    pub fn fail(&self, expected: impl Display) -> ! {
        let received = match &self.outcome {
            Ok((parts, body)) => describe_response(parts, body),
            Err(message) => message.clone(),
        };
        report_for(self.exercise, &self.sent, expected, &received)
    }

    /// The response, or a failed test that says what was `expected` of it.
    #[track_caller]
    fn answered(&self, expected: &dyn Display) -> (&Parts, &Bytes) {
        match &self.outcome {
            Ok((parts, body)) => (parts, body),
            Err(_) => self.fail(expected),
        }
    }

    #[track_caller]
    pub fn status(&self) -> StatusCode {
        self.answered(&"a response").0.status
    }

    #[track_caller]
    pub fn headers(&self) -> &HeaderMap {
        &self.answered(&"a response").0.headers
    }

    #[track_caller]
    pub fn body(&self) -> &Bytes {
        self.answered(&"a response").1
    }

    #[track_caller]
    pub fn text(&self) -> String {
        String::from_utf8_lossy(self.body()).into_owned()
    }

    #[track_caller]
    pub fn expect_status(&self, expected_status: StatusCode) -> &Self {
        let expected = format!("status {expected_status}");
        if self.answered(&expected).0.status != expected_status {
            self.fail(expected);
        }
        self
    }

    /// The header is present and equal to `expected`.
    #[track_caller]
    pub fn expect_header(&self, name: &str, expected: &str) -> &Self {
        let expected_header = format!("header {name}: {expected}");
        let actual = self
            .answered(&expected_header)
            .0
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok());
        if actual != Some(expected) {
            self.fail(expected_header);
        }
        self
    }

    /// The body as JSON, with a JSON content type. Anything else fails the test.
    #[track_caller]
    pub fn json(&self) -> Value {
        let expected = "a JSON body with content-type: application/json";
        let content_type = self.answered(&expected).0.headers.get("content-type");
        if content_type.and_then(|v| v.to_str().ok()) != Some("application/json") {
            self.fail(expected);
        }
        serde_json::from_slice(self.body()).unwrap_or_else(|_| self.fail(expected))
    }

    /// The body is exactly this JSON (object keys in any order).
    #[track_caller]
    pub fn expect_json(&self, expected: &Value) -> &Self {
        self.answered(&format_args!("body {expected}"));
        if &self.json() != expected {
            self.fail(format!("body {expected}"));
        }
        self
    }

    /// The lesson's error shape with this status and code:
    /// `{"error": {"code": code, "message": "..."}}`. Returns the message.
    #[track_caller]
    pub fn expect_error(&self, status: StatusCode, code: &str) -> String {
        let expected = format!(
            "status {status} with body {{\"error\": {{\"code\": \"{code}\", \"message\": \"...\"}}}}"
        );
        if self.answered(&expected).0.status != status {
            self.fail(&expected);
        }
        let body = self.json();
        let message = body["error"]["message"].as_str().unwrap_or_default();
        if body["error"]["code"] != code || message.is_empty() {
            self.fail(&expected);
        }
        message.to_owned()
    }

    /// Runs an insta snapshot assertion (`insta::assert_json_snapshot!(...)`) on what this reply
    /// answered. A mismatch fails with the course's report, the stored snapshot as what was
    /// expected. insta's own report is switched off (`INSTA_OUTPUT=none` in `.cargo/config.toml`):
    /// it ends by telling the reader to run `cargo insta`, a maintainer's tool a learner does not
    /// have and does not need.
    #[track_caller]
    pub fn expect_snapshot(&self, assert: impl FnOnce()) {
        let mut settings = insta::Settings::clone_current();
        // Names as written in the test: `snapshots/ex1_08_created.snap`.
        settings.set_prepend_module_to_snapshot(false);
        let checked = std::panic::catch_unwind(AssertUnwindSafe(|| settings.bind(assert)));
        let Err(panic) = checked else {
            return;
        };
        let message = crate::panicked(&*panic);
        let expected = message
            .split("snapshot assertion for '")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .and_then(|name| stored_snapshot(self.exercise?, name))
            .unwrap_or(message);
        let received = match &self.outcome {
            Ok((parts, body)) => match serde_json::from_slice::<Value>(body) {
                Ok(json) => format!(
                    "status {}\n{}",
                    parts.status,
                    indent(&serde_json::to_string_pretty(&json).unwrap_or_default())
                ),
                Err(_) => describe_response(parts, body),
            },
            Err(message) => message.clone(),
        };
        report_for(self.exercise, &self.sent, expected, &received)
    }
}

/// [`report`] for an exercise's test; for a test of finished code, what was sent, expected and
/// received, in the same layout.
#[track_caller]
fn report_for(
    exercise: Option<&Exercise>,
    sent: &str,
    expected: impl Display,
    received: &str,
) -> ! {
    match exercise {
        Some(exercise) => report(exercise, sent, expected, received),
        None => {
            panic!("\n\n  sent:      {sent}\n  expected:  {expected}\n  received:  {received}\n")
        }
    }
}

/// The body a snapshot file stores (what follows its metadata), introduced by its path.
fn stored_snapshot(exercise: &Exercise, name: &str) -> Option<String> {
    let lesson = exercise.id.split('.').next()?;
    let relative = format!("exercises-tests/lesson-{lesson}/snapshots/{name}.snap");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent()?.parent()?;
    let text = std::fs::read_to_string(root.join(&relative)).ok()?;
    // `---`, the metadata, `---`, then the body.
    let body = text.splitn(3, "---\n").nth(2)?;
    Some(format!(
        "the body stored in {relative}\n{}",
        indent(body.trim_end())
    ))
}

/// Lines indented to sit under the report's values.
fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("             {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The one failure report: the exercise, what was sent, expected and received, and the commands
/// that give a hint and open the book's section. The hint itself is never printed unasked: the
/// learner decides when to be helped, and by how much.
#[track_caller]
pub(crate) fn report(exercise: &Exercise, sent: &str, expected: impl Display, received: &str) -> ! {
    let first = match crate::other_todo_reached(&exercise.id) {
        Some((other, location)) => format!(
            "  first:     exercise {other}: this test runs its code, and its todo!() panicked at \
             {location}\n"
        ),
        None => String::new(),
    };
    panic!(
        "\n\nexercise {id} ({title}) is not done yet\n{first}  \
         sent:      {sent}\n  \
         expected:  {expected}\n  \
         received:  {received}\n  \
         hint:      cargo course hint {id}   (a nudge first; run it again for more)\n  \
         read:      cargo course book {id}   (the book's section on it)\n",
        id = exercise.id,
        title = exercise.title,
    )
}

/// The status, then the body, then the headers: the body is what a check most often reads, and
/// behind a whole middleware stack it would come after half a dozen headers every answer carries.
fn describe_response(parts: &Parts, body: &Bytes) -> String {
    let body = if body.is_empty() {
        "(empty body)".into()
    } else {
        String::from_utf8_lossy(body)
    };
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or("<not text>")));
    let lines: Vec<String> = std::iter::once(body.into_owned()).chain(headers).collect();
    format!("status {}\n{}", parts.status, indent(&lines.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_received_answer_reads_status_body_then_headers_each_line_under_the_last() {
        let (mut parts, ()) = axum::http::Response::new(()).into_parts();
        parts.status = StatusCode::NOT_FOUND;
        parts
            .headers
            .insert("x-request-id", "abc".parse().expect("a header value"));
        let described = describe_response(&parts, &Bytes::from_static(b"not\nfound"));
        let pad = " ".repeat(13);
        assert_eq!(
            described,
            format!("status 404 Not Found\n{pad}not\n{pad}found\n{pad}x-request-id: abc")
        );
        let empty = describe_response(&parts, &Bytes::new());
        assert!(empty.contains(&format!("\n{pad}(empty body)\n")), "{empty}");
    }
}
