use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use course_testkit::{Req, send};
use middleware::timing::TimingLayer;

fn layered() -> Router {
    Router::new()
        .route("/hello", get(|| async { "hello" }))
        .layer(TimingLayer)
}

#[tokio::test]
async fn ex2_02_layer_times_a_route() {
    let reply = send("2.2", layered, Req::get("/hello")).await;
    reply.expect_status(StatusCode::OK);
    if !reply.headers().contains_key("server-timing") {
        reply.fail("a server-timing header added by TimingLayer");
    }
}

#[tokio::test]
async fn ex2_02_layer_times_the_fallback_too() {
    let reply = send("2.2", layered, Req::get("/nowhere")).await;
    reply.expect_status(StatusCode::NOT_FOUND);
    if !reply.headers().contains_key("server-timing") {
        reply.fail("a server-timing header on the 404 too: Router::layer wraps the fallback");
    }
}
