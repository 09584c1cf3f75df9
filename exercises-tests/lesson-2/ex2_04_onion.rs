use axum::Router;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use course_testkit::{Reply, Req, send};
use middleware::onion::{Trail, record};
use tower::ServiceBuilder;

fn handler_route(trail: &Trail) -> Router {
    let trail = trail.clone();
    Router::new().route(
        "/",
        get(move || async move {
            trail.push("handler");
            "ok"
        }),
    )
}

fn expect_trail(reply: &Reply, trail: &Trail, expected: &[&str]) {
    reply.expect_status(StatusCode::OK);
    if trail.entries() != expected {
        reply.fail(format!(
            "the layers to record {expected:?}, but they recorded {:?}",
            trail.entries()
        ));
    }
}

#[tokio::test]
async fn ex2_04_service_builder_runs_top_to_bottom_then_back() {
    let trail = Trail::default();
    let app = {
        let trail = trail.clone();
        move || {
            handler_route(&trail).layer(
                ServiceBuilder::new()
                    .layer(from_fn_with_state((trail.clone(), "first"), record))
                    .layer(from_fn_with_state((trail.clone(), "second"), record)),
            )
        }
    };
    let reply = send("2.4", app, Req::get("/")).await;
    expect_trail(
        &reply,
        &trail,
        &["first >", "second >", "handler", "second <", "first <"],
    );
}

#[tokio::test]
async fn ex2_04_router_layer_calls_wrap_what_came_before() {
    let trail = Trail::default();
    let app = {
        let trail = trail.clone();
        move || {
            handler_route(&trail)
                .layer(from_fn_with_state((trail.clone(), "first"), record))
                .layer(from_fn_with_state((trail.clone(), "second"), record))
        }
    };
    let reply = send("2.4", app, Req::get("/")).await;
    expect_trail(
        &reply,
        &trail,
        &["second >", "first >", "handler", "first <", "second <"],
    );
}
