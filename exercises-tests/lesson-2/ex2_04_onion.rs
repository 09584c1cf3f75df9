use axum::Router;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use course_testkit::{Reply, Req, send};
use middleware::onion::{Trail, record, router_layers_trail, service_builder_trail};
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

fn expect_trail(reply: &Reply, trail: &Trail, expected: &[&str], what: &str) {
    reply.expect_status(StatusCode::OK);
    if trail.entries() != expected {
        reply.fail(format!(
            "{what} to be {expected:?}, but the layers recorded {:?}",
            trail.entries()
        ));
    }
}

/// `record` itself, on one layer: in, handler, out. What two layers do is the learner's to say.
#[tokio::test]
async fn ex2_04_record_writes_on_the_way_in_and_out() {
    let trail = Trail::default();
    let app = {
        let trail = trail.clone();
        move || handler_route(&trail).layer(from_fn_with_state((trail.clone(), "only"), record))
    };
    let reply = send("2.4", app, Req::get("/")).await;
    expect_trail(
        &reply,
        &trail,
        &["only >", "handler", "only <"],
        "one record layer's trail",
    );
}

#[tokio::test]
async fn ex2_04_service_builder_order_is_as_predicted() {
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
    reply.expect_status(StatusCode::OK);
    expect_trail(
        &reply,
        &trail,
        &service_builder_trail(),
        "your prediction (service_builder_trail)",
    );
}

#[tokio::test]
async fn ex2_04_router_layer_order_is_as_predicted() {
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
    reply.expect_status(StatusCode::OK);
    expect_trail(
        &reply,
        &trail,
        &router_layers_trail(),
        "your prediction (router_layers_trail)",
    );
}
