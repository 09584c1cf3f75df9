use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use course_testkit::{Reply, Req, send};
use middleware::request_id::MakeRequestUuidV7;
use tower::ServiceBuilder;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use uuid::Uuid;

fn with_ids() -> Router {
    Router::new().route("/", get(|| async { "ok" })).layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::x_request_id(MakeRequestUuidV7))
            .layer(PropagateRequestIdLayer::x_request_id()),
    )
}

fn request_id(reply: &Reply) -> Uuid {
    reply.expect_status(StatusCode::OK);
    let id = reply
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| Uuid::parse_str(value).ok());
    match id {
        Some(id) if id.get_version_num() == 7 => id,
        _ => reply.fail("an x-request-id header holding a version 7 UUID"),
    }
}

#[tokio::test]
async fn ex2_05_a_request_without_an_id_gets_a_uuid_v7() {
    let reply = send("2.5", with_ids, Req::get("/")).await;
    request_id(&reply);
}

#[tokio::test]
async fn ex2_05_every_request_gets_its_own_id() {
    let first = send("2.5", with_ids, Req::get("/")).await;
    let second = send("2.5", with_ids, Req::get("/")).await;
    if request_id(&first) == request_id(&second) {
        second.fail("a request id different from the previous request's");
    }
}
