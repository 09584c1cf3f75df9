use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use course_testkit::{Req, TestServer, fetch};
use middleware::error::handle_panic;
use tower_http::catch_panic::CatchPanicLayer;

fn app() -> Router {
    Router::new()
        .route(
            "/boom",
            get(|| async {
                if true {
                    panic!("secret: the admin password is hunter2");
                }
                "unreachable"
            }),
        )
        .route("/fine", get(|| async { "fine" }))
        .layer(CatchPanicLayer::custom(handle_panic))
}

#[tokio::test]
async fn ex2_08_a_panic_is_a_json_500_that_reveals_nothing() {
    let server = TestServer::start(app()).await;
    let reply = fetch("2.8", &server, Req::get("/boom")).await;
    let message = reply.expect_error(StatusCode::INTERNAL_SERVER_ERROR, "internal_server_error");
    if message.contains("hunter2") {
        reply.fail("a message that does not repeat the panic's text");
    }
    let reply = fetch("2.8", &server, Req::get("/fine")).await;
    reply.expect_status(StatusCode::OK);
}
