//! Logs: one function builds the subscriber, for `main` (writing to stdout) and for a test
//! (writing to a buffer it reads back), so the test checks the logs production writes.

use std::fmt::{self, Write};

use tracing::Subscriber;
use tracing::field::{Field, Visit};
use tracing::span::Record;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::field::RecordFields;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FormatFields, FormattedFields, MakeWriter};

use crate::config::LogFormat;

/// `RUST_LOG` when set, else the service's own default: its logs at `info`; of `tower_http`'s, the
/// failures (`TraceLayer` logs a 5xx at `ERROR`) but not its line per response (`DEBUG`: at
/// thousands of requests a second that line would be most of the log, and the metrics count them);
/// and only SQLx's warnings (it logs every statement at `info`).
pub fn filter() -> EnvFilter {
    EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"))
}

/// The subscriber: one JSON object per line (for a log pipeline) or coloured lines (for a
/// terminal), filtered by `filter`, written to `writer`. Every line written inside a request's
/// span carries the span's fields, its request id among them (see `middleware`).
pub fn subscriber<W>(
    format: LogFormat,
    filter: EnvFilter,
    writer: W,
) -> Box<dyn Subscriber + Send + Sync>
where
    W: for<'writer> MakeWriter<'writer> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    match format {
        LogFormat::Json => Box::new(builder.json().fmt_fields(JsonSpanFields).finish()),
        LogFormat::Pretty => Box::new(builder.finish()),
    }
}

/// A span's fields as one JSON object, for the JSON log lines. The subscriber formats a span's
/// fields when the span opens, and every request opens one (see `middleware::request_span`)
/// whether or not anything is logged in it; tracing-subscriber's own `JsonFields` builds a map of
/// `serde_json::Value`s for that and serializes it, which a profile of a loop of requests found
/// was most of the span's cost. This writes the same object straight into the span's text. (A
/// field recorded twice is written twice; serde_json, like most readers, keeps the last.)
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonSpanFields;

impl<'writer> FormatFields<'writer> for JsonSpanFields {
    fn format_fields<R: RecordFields>(
        &self,
        mut writer: Writer<'writer>,
        fields: R,
    ) -> fmt::Result {
        writer.write_char('{')?;
        let mut members = JsonMembers::new(&mut writer, true);
        fields.record(&mut members);
        members.result?;
        writer.write_char('}')
    }

    /// Fields recorded after the span opened (`Span::record`) go into its object: its closing
    /// brace comes off and goes back after them.
    fn add_fields(
        &self,
        current: &'writer mut FormattedFields<Self>,
        fields: &Record<'_>,
    ) -> fmt::Result {
        let text = &mut current.fields;
        if text.ends_with('}') {
            text.pop();
        } else {
            text.clear();
            text.push('{');
        }
        let first = text.len() == 1;
        let mut members = JsonMembers::new(&mut *text, first);
        fields.record(&mut members);
        members.result?;
        text.push('}');
        Ok(())
    }
}

/// Writes each field it visits as a `"name":value` member of a JSON object.
struct JsonMembers<W> {
    out: W,
    first: bool,
    result: fmt::Result,
}

impl<W: Write> JsonMembers<W> {
    fn new(out: W, first: bool) -> Self {
        Self {
            out,
            first,
            result: Ok(()),
        }
    }

    fn member(&mut self, field: &Field, value: impl FnOnce(&mut W) -> fmt::Result) {
        if self.result.is_err() {
            return;
        }
        let name = field.name();
        let name = name.strip_prefix("r#").unwrap_or(name);
        let comma = if self.first { "" } else { "," };
        self.first = false;
        self.result = self
            .out
            .write_str(comma)
            .and_then(|()| json_string(&mut self.out, format_args!("{name}")))
            .and_then(|()| self.out.write_char(':'))
            .and_then(|()| value(&mut self.out));
    }
}

impl<W: Write> Visit for JsonMembers<W> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.member(field, |out| json_string(out, format_args!("{value}")));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.member(field, |out| write!(out, "{value}"));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.member(field, |out| write!(out, "{value}"));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.member(field, |out| write!(out, "{value}"));
    }

    /// JSON has no infinity and no NaN: those are `null`, as serde_json writes them.
    fn record_f64(&mut self, field: &Field, value: f64) {
        if value.is_finite() {
            self.member(field, |out| write!(out, "{value}"));
        } else {
            self.member(field, |out| out.write_str("null"));
        }
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.member(field, |out| json_string(out, format_args!("{value}")));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.member(field, |out| json_string(out, format_args!("{value:?}")));
    }
}

/// `text` as a JSON string, escaped as it is written: no copy of it is made first.
fn json_string(out: &mut impl Write, text: fmt::Arguments<'_>) -> fmt::Result {
    out.write_char('"')?;
    JsonEscaped(&mut *out).write_fmt(text)?;
    out.write_char('"')
}

/// Writes what it is given with JSON's escapes: the quote, the backslash and control characters.
struct JsonEscaped<'a, W>(&'a mut W);

impl<W: Write> Write for JsonEscaped<'_, W> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let mut unescaped = 0;
        for (at, byte) in text.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0..=0x1f => "",
                _ => continue,
            };
            self.0.write_str(&text[unescaped..at])?;
            if escape.is_empty() {
                write!(self.0, "\\u{byte:04x}")?;
            } else {
                self.0.write_str(escape)?;
            }
            unescaped = at + 1;
        }
        self.0.write_str(&text[unescaped..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing_subscriber::fmt::format::JsonFields;

    /// The fields of a span with `fields` formatted, then `later` recorded, by `format`.
    fn formatted<F>(format: F) -> String
    where
        F: for<'writer> FormatFields<'writer> + Send + Sync + 'static,
    {
        let written = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let layer = Capture {
            format,
            written: written.clone(),
        };
        let subscriber =
            tracing_subscriber::layer::SubscriberExt::with(tracing_subscriber::registry(), layer);
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::info_span!(
                "request",
                text = "a \"quoted\" \\ line\nwith\ta \u{1}\u{1f} control, and é",
                r#type = "raw",
                count = 42_u64,
                below = -7_i64,
                ratio = 0.5,
                flag = true,
                debug = ?("tuple", 1),
                later = tracing::field::Empty,
            );
            span.record("later", "recorded after");
        });
        written.lock().expect("not poisoned").clone()
    }

    /// Keeps what `format` made of the one span's fields, after every record.
    struct Capture<F> {
        format: F,
        written: std::sync::Arc<std::sync::Mutex<String>>,
    }

    impl<S, F> tracing_subscriber::Layer<S> for Capture<F>
    where
        S: Subscriber + for<'lookup> tracing_subscriber::registry::LookupSpan<'lookup>,
        F: for<'writer> FormatFields<'writer> + Send + Sync + 'static,
    {
        fn on_new_span(
            &self,
            attributes: &tracing::span::Attributes<'_>,
            id: &tracing::span::Id,
            context: tracing_subscriber::layer::Context<'_, S>,
        ) {
            let span = context.span(id).expect("the span is open");
            let mut fields = FormattedFields::<F>::new(String::new());
            self.format
                .format_fields(fields.as_writer(), attributes)
                .expect("the fields format");
            span.extensions_mut().insert(fields);
        }

        fn on_record(
            &self,
            id: &tracing::span::Id,
            values: &Record<'_>,
            context: tracing_subscriber::layer::Context<'_, S>,
        ) {
            let span = context.span(id).expect("the span is open");
            let mut extensions = span.extensions_mut();
            let fields = extensions
                .get_mut::<FormattedFields<F>>()
                .expect("formatted when it opened");
            self.format
                .add_fields(fields, values)
                .expect("the fields format");
            *self.written.lock().expect("not poisoned") = fields.fields.clone();
        }
    }

    #[test]
    fn span_fields_are_the_json_object_tracing_subscriber_writes() {
        let ours: serde_json::Value =
            serde_json::from_str(&formatted(JsonSpanFields)).expect("ours is JSON");
        let theirs: serde_json::Value =
            serde_json::from_str(&formatted(JsonFields::new())).expect("theirs is JSON");
        assert_eq!(ours, theirs);
        assert_eq!(ours["later"], "recorded after", "{ours}");
        assert_eq!(ours["type"], "raw", "{ours}");
    }
}
