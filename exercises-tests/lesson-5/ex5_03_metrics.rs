use std::collections::BTreeMap;

use axum::http::{Method, StatusCode};
use course_testkit::{Req, fail, fetch};
use serde_json::json;

use crate::support::{Conduit, conduit};

/// `GET /metrics` on the metrics listener, as Prometheus would scrape it.
async fn scrape(app: &Conduit) -> String {
    let url = format!("http://{}/metrics", app.metrics);
    let client = reqwest::Client::builder().no_proxy().build();
    let answer = match client {
        Ok(client) => client.get(&url).send().await,
        Err(error) => fail(
            "5.3",
            "building an HTTP client",
            "a client",
            &error.to_string(),
        ),
    };
    match answer {
        Ok(response) => response.text().await.unwrap_or_default(),
        Err(error) => fail(
            "5.3",
            &format!("GET {url}"),
            "the metrics",
            &error.to_string(),
        ),
    }
}

/// The value of the series `name` whose labels include all of `labels` (0 when there is none).
/// Prometheus' text format is one series a line: `name{label="value",...} number`.
fn value(text: &str, name: &str, labels: &[(&str, &str)]) -> f64 {
    text.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix(name)?.strip_prefix('{')?;
            let (inside, number) = rest.rsplit_once("} ")?;
            let found: BTreeMap<&str, &str> = inside
                .split("\",")
                .filter_map(|pair| {
                    let (key, value) = pair.split_once("=\"")?;
                    Some((key, value.trim_end_matches('"')))
                })
                .collect();
            let matches = labels
                .iter()
                .all(|(key, value)| found.get(key) == Some(value));
            matches.then(|| number.trim().parse::<f64>().ok()).flatten()
        })
        .sum()
}

/// The series of `name` in `text`, for a failure report (the whole scrape is long).
fn series(text: &str, name: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|line| line.starts_with(name)).collect();
    if lines.is_empty() {
        format!("no {name} series at all")
    } else {
        lines.join("\n")
    }
}

/// Each route's requests are counted under the pattern it matched, so `/api/profiles/ghost-1` and
/// `/api/profiles/ghost-2` are one series: a label taken from the raw path would make a series for
/// every name a client invents, until Prometheus runs out of memory.
#[tokio::test]
async fn ex5_03_requests_are_counted_by_route_pattern_method_and_status() {
    let app = conduit("5.3").await;
    let profile_404 = [
        ("method", "GET"),
        ("route", "/api/profiles/{username}"),
        ("status", "404"),
    ];
    let blank_422 = [
        ("method", "POST"),
        ("route", "/api/users"),
        ("status", "422"),
    ];
    let before = scrape(&app).await;
    for name in ["ghost-one", "ghost-two", "ghost-three"] {
        fetch(
            "5.3",
            &app.server,
            Req::get(&format!("/api/profiles/{name}")),
        )
        .await
        .expect_status(StatusCode::NOT_FOUND);
    }
    let blank = json!({ "user": { "username": "", "email": "a@b.c", "password": "password123" } });
    fetch("5.3", &app.server, Req::post("/api/users").json(&blank))
        .await
        .expect_status(StatusCode::UNPROCESSABLE_ENTITY);
    fetch("5.3", &app.server, Req::get("/api/ghost-route"))
        .await
        .expect_status(StatusCode::NOT_FOUND);
    let after = scrape(&app).await;

    let sent = "GET /api/profiles/ghost-one, -two and -three (404), POST /api/users blank (422), \
                GET /api/ghost-route (no route matches it: 404), then GET /metrics";
    let counted = |labels: &[(&str, &str)]| {
        value(&after, "http_requests_total", labels) - value(&before, "http_requests_total", labels)
    };
    if counted(&profile_404) < 3.0 || counted(&blank_422) < 1.0 {
        fail(
            "5.3",
            sent,
            "http_requests_total{method=\"GET\",route=\"/api/profiles/{username}\",status=\"404\"} \
             grown by 3, and the POST's series (status \"422\") by 1",
            &series(&after, "http_requests_total"),
        );
    }
    let unmatched = [("method", "GET"), ("route", "unmatched"), ("status", "404")];
    if counted(&unmatched) < 1.0 {
        fail(
            "5.3",
            sent,
            "http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} grown by 1: \
             a request no route matched has no MatchedPath",
            &series(&after, "http_requests_total"),
        );
    }
    if after.contains("ghost-") {
        fail(
            "5.3",
            sent,
            "no series labelled with a raw path: the route is the matched pattern",
            &series(&after, "http_requests_total"),
        );
    }
}

/// The method is a label too, and clients may invent methods (`BREW /api/tags` is well-formed
/// HTTP, answered 405): those HTTP defines are counted by name, any other as `other`, or each
/// invented method would be a series of its own.
#[tokio::test]
async fn ex5_03_an_invented_method_is_counted_as_other() {
    let app = conduit("5.3").await;
    let other = [
        ("method", "other"),
        ("route", "/api/tags"),
        ("status", "405"),
    ];
    let before = scrape(&app).await;
    let brew = Method::from_bytes(b"BREW").expect("BREW is a valid method token");
    fetch("5.3", &app.server, Req::new(brew, "/api/tags"))
        .await
        .expect_status(StatusCode::METHOD_NOT_ALLOWED);
    let after = scrape(&app).await;
    let counted = value(&after, "http_requests_total", &other)
        - value(&before, "http_requests_total", &other);
    if counted < 1.0 || after.contains("method=\"BREW\"") {
        fail(
            "5.3",
            "BREW /api/tags (405), then GET /metrics",
            "http_requests_total{method=\"other\",route=\"/api/tags\",status=\"405\"} grown by 1, \
             and no series labelled method=\"BREW\"",
            &series(&after, "http_requests_total"),
        );
    }
}

#[tokio::test]
async fn ex5_03_latency_is_a_histogram_by_route() {
    let app = conduit("5.3").await;
    let tags = [("method", "GET"), ("route", "/api/tags")];
    let before = scrape(&app).await;
    for _ in 0..2 {
        fetch("5.3", &app.server, Req::get("/api/tags"))
            .await
            .expect_status(StatusCode::OK);
    }
    let after = scrape(&app).await;
    let timed = value(&after, "http_request_duration_seconds_count", &tags)
        - value(&before, "http_request_duration_seconds_count", &tags);
    let bucketed = value(
        &after,
        "http_request_duration_seconds_bucket",
        &[("method", "GET"), ("route", "/api/tags"), ("le", "+Inf")],
    );
    if timed < 2.0 || bucketed < 2.0 {
        fail(
            "5.3",
            "GET /api/tags twice, then GET /metrics",
            "http_request_duration_seconds{method=\"GET\",route=\"/api/tags\"}: a histogram \
             (buckets, _sum and _count) whose count grew by 2",
            &series(&after, "http_request_duration_seconds"),
        );
    }
}
