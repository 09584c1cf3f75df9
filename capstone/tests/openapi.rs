//! The API's description of itself, `GET /api/openapi.json`: a valid OpenAPI 3.1 document, true
//! to RealWorld's own (every operation, status and field a RealWorld client relies on), and
//! describing every route the router serves.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{Method, StatusCode};
use capstone::rate_limit::RateLimiter;
use common::TestApp;
use course_testkit::Req;
use openapi_contract::{contract, dangling_references, incompatibilities};
use serde_json::Value;

/// The served document, and the test's application.
async fn served() -> (TestApp, Value) {
    let app = TestApp::start().await;
    let (status, document) = app.call(Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK, "{document}");
    (app, document)
}

#[tokio::test]
async fn the_served_document_is_valid_openapi_3_1() {
    let (_app, document) = served().await;
    let text = document.to_string();
    let spec = oas3::from_json(&text)
        .unwrap_or_else(|error| panic!("not an OpenAPI 3.1 document: {error}\n{text}"));
    let version = spec.validate_version().expect("a version oas3 supports");
    assert_eq!((version.major, version.minor), (3, 1), "{version}");
    assert_eq!(dangling_references(&document), Vec::<String>::new());

    let mut operation_ids = BTreeSet::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            let id = operation["operationId"].as_str().unwrap_or_default();
            assert!(
                operation_ids.insert(id.to_owned()),
                "{method} {path}: operationId `{id}` is missing or not unique"
            );
        }
    }
    // The descriptions are the handlers' and types' doc comments: a rustdoc link there would
    // reach readers of the document as `[`Profile`](super::profiles::Profile)`.
    let mut descriptions = vec![&document];
    let mut links = Vec::new();
    while let Some(value) = descriptions.pop() {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    if let ("description" | "summary", Value::String(text)) = (key.as_str(), value)
                        && (text.contains("](") || text.contains("[`"))
                    {
                        links.push(text.clone());
                    }
                    descriptions.push(value);
                }
            }
            Value::Array(list) => descriptions.extend(list),
            _ => {}
        }
    }
    assert_eq!(links, Vec::<String>::new(), "rustdoc links in the document");

    let scheme = &document["components"]["securitySchemes"]["Token"];
    assert_eq!(
        (&scheme["type"], &scheme["in"], &scheme["name"]),
        (&"apiKey".into(), &"header".into(), &"Authorization".into()),
        "{scheme}"
    );
}

#[tokio::test]
async fn the_document_keeps_realworlds_contract() {
    let (_app, document) = served().await;
    let expected: Value = serde_json::from_str(include_str!("realworld-contract.json"))
        .expect("realworld-contract.json is JSON");
    assert_eq!(
        expected.as_object().map(|operations| operations.len()),
        Some(19),
        "RealWorld's 19 operations"
    );
    let problems = incompatibilities(&expected, &contract(&document, ""));
    assert!(
        problems.is_empty(),
        "the served document breaks RealWorld's contract:\n{}",
        problems.join("\n")
    );
}

/// The router's paths, read from its `Debug` output (axum lists them under `paths`); a route
/// added any way at all shows there.
fn served_paths() -> Vec<String> {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .connect_lazy("postgres://nobody@127.0.0.1:1/nothing")
        .expect("a lazy pool");
    let limiter = Arc::new(RateLimiter::new(pool, 1_000, Duration::from_secs(60)));
    let debug = format!("{:?}", capstone::routes::router(limiter));
    // The routes' `paths: {RouteId(1): "/api/tags", …}` (the fallback router's come after), read
    // up to its closing brace (a brace inside a quoted path, as in `{slug}`, does not close it).
    let routes = debug.split("fallback_router").next().unwrap_or_default();
    let mut paths = BTreeSet::new();
    for section in routes.split("paths: {").skip(1) {
        let mut quoted = None::<String>;
        for character in section.chars() {
            match (&mut quoted, character) {
                (None, '}') => break,
                (None, '"') => quoted = Some(String::new()),
                (Some(path), '"') => {
                    paths.insert(std::mem::take(path));
                    quoted = None;
                }
                (Some(path), character) => path.push(character),
                (None, _) => {}
            }
        }
    }
    assert!(
        paths.contains("/api/tags"),
        "the router's paths could not be read from its Debug output (has axum's format \
         changed?):\n{debug}"
    );
    paths.into_iter().collect()
}

#[tokio::test]
async fn every_route_the_router_serves_is_described() {
    let (app, document) = served().await;
    let mut undescribed = Vec::new();
    for path in served_paths() {
        // A path with its parameters filled in: whether a method is routed there does not depend
        // on their values (an unknown article is a 404 from the handler, not the router's 405).
        let concrete = path
            .replace("{slug}", "an-article")
            .replace("{username}", "someone");
        let concrete = concrete.replace("{id}", "1");
        for method in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::PATCH,
        ] {
            let reply = app.send(Req::new(method.clone(), &concrete)).await;
            let (status, body) = (
                reply.status(),
                serde_json::from_slice::<Value>(reply.body()).unwrap_or_default(),
            );
            let routed = status != StatusCode::METHOD_NOT_ALLOWED
                && !(status == StatusCode::NOT_FOUND && body["errors"]["route"].is_array());
            let described =
                document["paths"][path.as_str()][method.as_str().to_lowercase()].is_object();
            if routed && !described {
                undescribed.push(format!("{method} {path} (answered {status})"));
            }
        }
    }
    assert!(
        undescribed.is_empty(),
        "served but not in the document: register the route with `routes!` from a handler \
         with `#[utoipa::path]` (see capstone/src/openapi.rs):\n{}",
        undescribed.join("\n")
    );
}
