//! Prometheus metrics at `/metrics`, on a listener of their own (`METRICS_ADDR`): requests by
//! route, method and status, their latency as a histogram, and the connection pool's use.

use std::sync::OnceLock;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sqlx::PgPool;

const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// How often the histograms are drained when nobody scrapes them.
const UPKEEP_INTERVAL: std::time::Duration = std::time::Duration::from_secs(5);

/// The process's one recorder (metrics are global, like a process's logs), installed on first use.
/// A histogram keeps every sample it records until something drains it: a scrape of `/metrics`
/// does, and so does the recorder's "upkeep", which `install_recorder` leaves to its caller. With
/// nobody scraping (`METRICS_ADDR=off`, or a Prometheus that is down) the samples would pile up,
/// about 8 bytes a request, without end; a thread of its own runs the upkeep every few seconds.
fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("http_request_duration_seconds".to_owned()),
                    LATENCY_BUCKETS,
                )
                .and_then(PrometheusBuilder::install_recorder)
                .inspect(|handle| {
                    let handle = handle.clone();
                    let upkeep = move || {
                        loop {
                            std::thread::sleep(UPKEEP_INTERVAL);
                            handle.run_upkeep();
                        }
                    };
                    if let Err(error) = std::thread::Builder::new()
                        .name("metrics-upkeep".to_owned())
                        .spawn(upkeep)
                    {
                        tracing::error!(%error, "no metrics upkeep: histograms will grow");
                    }
                })
                .inspect_err(|error| tracing::error!(%error, "metrics are off"))
                .ok()
        })
        .as_ref()
}

/// Records every request. The route is the matched pattern (`/api/articles/{slug}`), never the raw
/// path, so the number of series stays bounded whatever clients send.
pub async fn track(request: Request, next: Next) -> Response {
    handle();
    // BEGIN EXERCISE 5.3
    use axum::extract::MatchedPath;
    use axum::http::Method;
    use std::time::Instant;

    /// The methods HTTP defines, by name; any other as `other`. A client may send a method of its
    /// own invention (`BREW /api/tags` is well-formed, and answered 405), and each would be a
    /// series. A `&'static str` is also what a label is cheapest as: no `String` per request.
    fn method_label(method: &Method) -> &'static str {
        match *method {
            Method::GET => "GET",
            Method::HEAD => "HEAD",
            Method::POST => "POST",
            Method::PUT => "PUT",
            Method::PATCH => "PATCH",
            Method::DELETE => "DELETE",
            Method::OPTIONS => "OPTIONS",
            Method::CONNECT => "CONNECT",
            Method::TRACE => "TRACE",
            _ => "other",
        }
    }

    let started = Instant::now();
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method, "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
    // END EXERCISE 5.3
}

/// What the metrics listener serves: `GET /metrics` and nothing else.
pub fn router(pool: PgPool) -> Router {
    Router::new()
        .route("/metrics", axum::routing::get(render))
        .with_state(pool)
}

// ANCHOR: render
/// `GET /metrics`, in Prometheus' text format.
async fn render(State(pool): State<PgPool>) -> Response {
    let Some(handle) = handle() else {
        return (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "metrics are off",
        )
            .into_response();
    };
    let idle = pool.num_idle() as f64;
    metrics::gauge!("db_pool_connections", "state" => "idle").set(idle);
    metrics::gauge!("db_pool_connections", "state" => "in_use").set(f64::from(pool.size()) - idle);
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle.render(),
    )
        .into_response()
}
// ANCHOR_END: render
