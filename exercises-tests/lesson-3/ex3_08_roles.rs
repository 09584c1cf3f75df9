use auth::store::Role;
use axum::http::StatusCode;
use course_testkit::{Req, send};

use crate::support::{add_user, app, claims, sign, state};

#[tokio::test]
async fn ex3_08_a_user_is_forbidden_from_admin_routes() {
    let state = state();
    let alice = add_user(&state, "alice@example.com", Role::User).await;
    let token = sign(&claims(alice.id, "user"));
    let request = Req::get("/admin/users/1").header("authorization", &format!("Bearer {token}"));
    let reply = send("3.8", app(&state), request).await;
    reply.expect_error(StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn ex3_08_an_admin_is_let_through() {
    let state = state();
    let alice = add_user(&state, "alice@example.com", Role::User).await;
    let admin = add_user(&state, "root@example.com", Role::Admin).await;
    let token = sign(&claims(admin.id, "admin"));
    let uri = format!("/admin/users/{}", alice.id);
    let request = Req::get(&uri).header("authorization", &format!("Bearer {token}"));
    let reply = send("3.8", app(&state), request).await;
    reply.expect_status(StatusCode::OK);
}

#[tokio::test]
async fn ex3_08_no_token_is_still_401_not_403() {
    let state = state();
    let reply = send("3.8", app(&state), Req::get("/admin/users/1")).await;
    reply.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    let token = sign(&claims(1, "user"));
    let request = Req::get("/admin/users/1").header("authorization", &format!("Bearer {token}"));
    let reply = send("3.8", app(&state), request).await;
    reply.expect_error(StatusCode::FORBIDDEN, "forbidden");
}
