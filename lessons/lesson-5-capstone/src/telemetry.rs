//! Logs: one function builds the subscriber, for `main` (writing to stdout) and for a test
//! (writing to a buffer it reads back), so the test checks the logs production writes.

use tracing::Subscriber;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

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
/// terminal), filtered by `filter`, written to `writer`. Both are tracing-subscriber's own
/// formats. Every line written inside a request's span carries the span's fields, its request id
/// among them (see `middleware`): in JSON, under `span` (and every open span under `spans`).
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
        LogFormat::Json => Box::new(builder.json().finish()),
        LogFormat::Pretty => Box::new(builder.finish()),
    }
}
