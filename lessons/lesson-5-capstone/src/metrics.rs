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
    // Exercise 5.3: count this request and time it, labelled by the route it matched. Until then
    // the request passes through, uncounted.
    next.run(request).await
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
