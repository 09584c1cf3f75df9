//! What came back, and the checks on it. Every failed check panics with the same report: the
//! exercise, what was sent, what was expected, what was received, the hint and the book section.

use std::fmt::Display;

use axum::body::Bytes;
use axum::http::response::Parts;
use axum::http::{HeaderMap, StatusCode};
use course_catalog::Exercise;
use serde_json::Value;

pub struct Reply {
    exercise: &'static Exercise,
    sent: String,
    outcome: Result<(Parts, Bytes), String>,
}

impl Reply {
    pub(crate) fn new(
        exercise: &'static Exercise,
        sent: String,
        outcome: Result<(Parts, Bytes), String>,
    ) -> Self {
        Self {
            exercise,
            sent,
            outcome,
        }
    }

    /// Fails the test with the full report. `expected` says, in words, what the exercise asks for.
    #[track_caller]
    pub fn fail(&self, expected: impl Display) -> ! {
        let received = match &self.outcome {
            Ok((parts, body)) => describe_response(parts, body),
            Err(message) => message.clone(),
        };
        report(self.exercise, &self.sent, expected, &received)
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

    /// insta settings that print what was sent above a failing snapshot's diff.
    pub fn snapshot_settings(&self) -> insta::Settings {
        let mut settings = insta::Settings::clone_current();
        settings.set_description(format!(
            "exercise {} ({}): the body answered to {}",
            self.exercise.id, self.exercise.title, self.sent
        ));
        settings.set_prepend_module_to_snapshot(false);
        settings
    }
}

/// The one failure report: the exercise, what was sent, expected and received, and the commands
/// that give a hint and open the book's section. The hint itself is never printed unasked: the
/// learner decides when to be helped, and by how much.
#[track_caller]
pub(crate) fn report(exercise: &Exercise, sent: &str, expected: impl Display, received: &str) -> ! {
    panic!(
        "\n\nexercise {id} ({title}) is not done yet\n  \
         sent:      {sent}\n  \
         expected:  {expected}\n  \
         received:  {received}\n  \
         hint:      cargo course hint {id}   (a nudge first; run it again for more)\n  \
         read:      cargo course book {id}   (the book's section on it)\n",
        id = exercise.id,
        title = exercise.title,
    )
}

fn describe_response(parts: &Parts, body: &Bytes) -> String {
    let mut text = format!("status {}", parts.status);
    for (name, value) in &parts.headers {
        let value = value.to_str().unwrap_or("<not text>");
        text.push_str(&format!("\n             {name}: {value}"));
    }
    if body.is_empty() {
        text.push_str("\n             (empty body)");
    } else {
        text.push_str(&format!("\n             {}", String::from_utf8_lossy(body)));
    }
    text
}
