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

/// The labels and value of every series of `name` in `text`.
fn all_series(text: &str, name: &str) -> BTreeMap<String, f64> {
    text.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix(name)?.strip_prefix('{')?;
            let (inside, number) = rest.rsplit_once("} ")?;
            Some((inside.to_owned(), number.trim().parse::<f64>().ok()?))
        })
        .collect()
}

/// The series of `name` that grew from `before` to `after`, with how much.
fn grown(before: &str, after: &str, name: &str) -> Vec<(String, f64)> {
    let old = all_series(before, name);
    all_series(after, name)
        .into_iter()
        .filter_map(|(labels, value)| {
            let delta = value - old.get(&labels).copied().unwrap_or(0.0);
            (delta > 0.0).then_some((labels, delta))
        })
        .collect()
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
    let after = scrape(&app).await;

    let sent = "GET /api/profiles/ghost-one, -two and -three (404), POST /api/users blank (422), \
                then GET /metrics";
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
    if after.contains("ghost-") {
        fail(
            "5.3",
            sent,
            "no series labelled with a raw path: the route is the matched pattern",
            &series(&after, "http_requests_total"),
        );
    }
}

/// A request that matched no route has no pattern: requests to paths a client made up are one
/// series (labelled as you decide), never a series per path. (Other tests run beside this one and
/// share the process's recorder, so the test looks for the series that grew by all of its
/// requests at once, not for the only one that grew.)
#[tokio::test]
async fn ex5_03_requests_that_match_no_route_are_one_series() {
    let app = conduit("5.3").await;
    let before = scrape(&app).await;
    for n in 1..=7 {
        fetch(
            "5.3",
            &app.server,
            Req::get(&format!("/api/ghost-route-{n}")),
        )
        .await
        .expect_status(StatusCode::NOT_FOUND);
    }
    let after = scrape(&app).await;
    let grown = grown(&before, &after, "http_requests_total");
    let one = grown
        .iter()
        .any(|(labels, delta)| *delta >= 7.0 && labels.contains("status=\"404\""));
    if !one || after.contains("ghost") {
        fail(
            "5.3",
            "GET /api/ghost-route-1 to -7 (no route matches any: 404 each), then GET /metrics",
            "one http_requests_total series for the seven, status \"404\", its route a fixed \
             label of your choice (a request that matched no route has no MatchedPath), never \
             the path",
            &format!("the series that grew: {grown:?}"),
        );
    }
}

/// The method is a label too, and clients may invent methods (`BREW /api/tags` is well-formed
/// HTTP, answered 405): the methods HTTP defines keep their names, and invented ones share one
/// label of your choice, or each would be a series of its own.
#[tokio::test]
async fn ex5_03_invented_methods_share_one_series() {
    let app = conduit("5.3").await;
    let before = scrape(&app).await;
    for name in [&b"BREW"[..], &b"FROB"[..], &b"BREW"[..], &b"FROB"[..]] {
        let method = Method::from_bytes(name).expect("a valid method token");
        fetch("5.3", &app.server, Req::new(method, "/api/tags"))
            .await
            .expect_status(StatusCode::METHOD_NOT_ALLOWED);
    }
    let after = scrape(&app).await;
    let grown = grown(&before, &after, "http_requests_total");
    let one = grown.iter().any(|(labels, delta)| {
        *delta >= 4.0 && labels.contains("route=\"/api/tags\"") && labels.contains("status=\"405\"")
    });
    if !one || after.contains("BREW") || after.contains("FROB") {
        fail(
            "5.3",
            "BREW /api/tags, FROB /api/tags, twice each (405 each), then GET /metrics",
            "one http_requests_total series for the four, route \"/api/tags\", status \"405\", its \
             method a fixed label of your choice, never the invented name",
            &format!("the series that grew: {grown:?}"),
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
