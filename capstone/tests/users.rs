//! Login, the current user, tokens, profiles and refresh tokens, as the RealWorld spec has them
//! (sign-up and account changes are exercises 5.1 and 5.4: their tests are in
//! `exercises-tests/lesson-5/`, compiled here too).

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use course_testkit::Req;
use serde_json::json;

#[tokio::test]
async fn login_checks_the_password_and_fails_the_same_for_unknown_emails() {
    let app = TestApp::start().await;
    app.register("jake").await;
    let login =
        |email: &str, password: &str| json!({ "user": { "email": email, "password": password } });
    let (status, body) = app
        .call(
            Method::POST,
            "/api/users/login",
            None,
            Some(login("jake@example.com", "password123")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user"]["username"], "jake");

    let (wrong_status, wrong) = app
        .call(
            Method::POST,
            "/api/users/login",
            None,
            Some(login("jake@example.com", "nope-nope")),
        )
        .await;
    let (unknown_status, unknown) = app
        .call(
            Method::POST,
            "/api/users/login",
            None,
            Some(login("nobody@example.com", "password123")),
        )
        .await;
    assert_eq!(
        (wrong_status, unknown_status),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(
        wrong, unknown,
        "an unknown email and a wrong password look the same"
    );
}

/// An unknown email costs a verification too, on the blocking pool: on a one-thread runtime, a task
/// spawned after the verification started gets to run while it happens. An early `Ok(false)`
/// would finish first, and tell an attacker by its speed that the email has no account.
#[tokio::test(flavor = "current_thread")]
async fn an_unknown_email_still_costs_a_verification_off_the_runtime() {
    use std::sync::{Arc, Mutex};

    let order = Arc::new(Mutex::new(Vec::new()));
    let passwords = Arc::new(
        capstone::passwords::Passwords::new(1, std::time::Duration::from_secs(5))
            .expect("the dummy hash is made"),
    );
    // Spawned in this order, the verification runs first; it finishes first only if it never
    // leaves the runtime's one thread.
    let verifying = tokio::spawn({
        let (order, passwords) = (order.clone(), passwords.clone());
        async move {
            let verified = passwords.verify("password123".to_owned(), None).await;
            order.lock().expect("not poisoned").push("verify");
            verified
        }
    });
    let other = tokio::spawn({
        let order = order.clone();
        async move { order.lock().expect("not poisoned").push("other") }
    });
    let verified = verifying.await.expect("the verification ends");
    other.await.expect("the other task ends");
    assert!(matches!(verified, Ok(false)), "{verified:?}");
    assert_eq!(
        *order.lock().expect("not poisoned"),
        ["other", "verify"],
        "the verification against the dummy hash ran on the blocking pool"
    );
}

/// Verifications take their turn: with one permit taken and no wait allowed, the next one is told
/// to come back (503 with `Retry-After`) instead of piling onto the cores.
#[tokio::test]
async fn password_verifications_wait_their_turn() {
    let passwords = std::sync::Arc::new(
        capstone::passwords::Passwords::new(1, std::time::Duration::ZERO)
            .expect("the dummy hash is made"),
    );
    let busy = tokio::spawn({
        let passwords = passwords.clone();
        async move { passwords.hash("a long password to hash".to_owned()).await }
    });
    tokio::task::yield_now().await;
    let refused = passwords.verify("password123".to_owned(), None).await;
    let _ = busy.await;
    assert!(
        matches!(
            refused,
            Err(capstone::AppError::Unavailable { retry_after: 1 })
        ),
        "{refused:?}"
    );
}

#[tokio::test]
async fn the_current_user_needs_a_valid_token() {
    let app = TestApp::start().await;
    let token = app.register("jake").await;
    let (status, body) = app.call(Method::GET, "/api/user", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, _) = app
        .call(Method::GET, "/api/user", Some("not.a.token"), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, body) = app.call(Method::GET, "/api/user", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user"]["token"], token.as_str());
}

/// RealWorld's scheme is `Token` (`Bearer` is accepted too). No header at all is a missing token;
/// a header that holds no token of ours, whatever its scheme, an invalid one.
#[tokio::test]
async fn a_missing_token_is_missing_and_a_bad_one_invalid() {
    let app = TestApp::start().await;
    let token = app.register("jake").await;
    let cases = [
        (None, Some("is missing")),
        (Some("Token not.a.jwt".to_owned()), Some("is invalid")),
        (Some("Basic amFrZTpqYWtl".to_owned()), Some("is invalid")),
        (Some(format!("Bearer {token}")), None),
    ];
    for (header, problem) in cases {
        let mut request = Req::get("/api/user");
        if let Some(value) = &header {
            request = request.header("authorization", value);
        }
        let response = app.send(request).await;
        let status = response.status();
        let body = response.json();
        match problem {
            Some(problem) => {
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{header:?}: {body}");
                assert_eq!(
                    body,
                    json!({ "errors": { "token": [problem] } }),
                    "{header:?}"
                );
            }
            None => assert_eq!(status, StatusCode::OK, "{header:?}: {body}"),
        }
    }
}

#[tokio::test]
async fn profiles_and_following() {
    let app = TestApp::start().await;
    let jake = app.register("jake").await;
    app.register("celeb").await;
    let (status, body) = app
        .call(Method::GET, "/api/profiles/celeb", None, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({ "profile": { "username": "celeb", "bio": null, "image": null, "following": false } })
    );

    let (status, body) = app
        .call(
            Method::POST,
            "/api/profiles/celeb/follow",
            Some(&jake),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["profile"]["following"], true);
    let (_, body) = app
        .call(Method::GET, "/api/profiles/celeb", Some(&jake), None)
        .await;
    assert_eq!(body["profile"]["following"], true);
    let (_, body) = app
        .call(
            Method::DELETE,
            "/api/profiles/celeb/follow",
            Some(&jake),
            None,
        )
        .await;
    assert_eq!(body["profile"]["following"], false);

    let (status, _) = app
        .call(Method::GET, "/api/profiles/nobody", None, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .call(Method::POST, "/api/profiles/celeb/follow", None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_revokes_its_family() {
    let app = TestApp::start().await;
    let body = json!({ "user": { "username": "jake", "email": "jake@example.com", "password": "password123" } });
    let (_, registered) = app.call(Method::POST, "/api/users", None, Some(body)).await;
    let first = registered["user"]["refreshToken"]
        .as_str()
        .expect("a refresh token")
        .to_owned();

    let refresh = |token: &str| json!({ "refreshToken": token });
    let (status, rotated) = app
        .call(
            Method::POST,
            "/api/users/refresh",
            None,
            Some(refresh(&first)),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{rotated}");
    let second = rotated["user"]["refreshToken"]
        .as_str()
        .expect("a new refresh token")
        .to_owned();
    assert_ne!(first, second);
    let access = rotated["user"]["token"]
        .as_str()
        .expect("a new access token");
    let (status, _) = app.call(Method::GET, "/api/user", Some(access), None).await;
    assert_eq!(status, StatusCode::OK, "the new access token works");

    let (status, _) = app
        .call(
            Method::POST,
            "/api/users/refresh",
            None,
            Some(refresh(&first)),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a spent token is refused");
    let (status, _) = app
        .call(
            Method::POST,
            "/api/users/refresh",
            None,
            Some(refresh(&second)),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "and its reuse revoked the newest token too"
    );

    let login = json!({ "user": { "email": "jake@example.com", "password": "password123" } });
    let (_, logged_in) = app
        .call(Method::POST, "/api/users/login", None, Some(login))
        .await;
    let third = logged_in["user"]["refreshToken"]
        .as_str()
        .expect("a refresh token")
        .to_owned();
    let (status, _) = app
        .call(
            Method::POST,
            "/api/users/logout",
            None,
            Some(refresh(&third)),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .call(
            Method::POST,
            "/api/users/refresh",
            None,
            Some(refresh(&third)),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "logout ended the login");
}
