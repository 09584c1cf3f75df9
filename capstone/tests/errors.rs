//! The error type, answered by a handler that returns it on a bare router: the status, the words
//! RealWorld's suite expects, and the headers that go with them.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use capstone::AppError;
use course_testkit::CapturedLogs;
use local_postgres::TestDatabase;
use serde_json::{Value, json};
use tower::ServiceExt;

/// A way to fail, made anew for each request (an `AppError` is consumed by answering).
type MakeError = fn() -> AppError;

/// What a handler that fails with `error` answers: its status, its headers, its JSON.
async fn answer(error: MakeError) -> (StatusCode, axum::http::HeaderMap, Value) {
    let app = Router::new().route("/", get(move || async move { error() }));
    let request = Request::get("/").body(Body::empty()).expect("a request");
    let response = app.oneshot(request).await.expect("an answer");
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .expect("a body");
    let json = serde_json::from_slice(&bytes).expect("a JSON body");
    (parts.status, parts.headers, json)
}

#[tokio::test]
async fn each_error_has_its_status_and_realworlds_words() {
    let cases: [(MakeError, StatusCode, Value); 9] = [
        (
            || AppError::MissingToken,
            StatusCode::UNAUTHORIZED,
            json!({ "token": ["is missing"] }),
        ),
        (
            || AppError::InvalidToken,
            StatusCode::UNAUTHORIZED,
            json!({ "token": ["is invalid"] }),
        ),
        (
            || AppError::InvalidRefreshToken,
            StatusCode::UNAUTHORIZED,
            json!({ "refreshToken": ["is invalid"] }),
        ),
        (
            || AppError::InvalidCredentials,
            StatusCode::UNAUTHORIZED,
            json!({ "credentials": ["invalid"] }),
        ),
        (
            || AppError::Forbidden("article"),
            StatusCode::FORBIDDEN,
            json!({ "article": ["forbidden"] }),
        ),
        (
            || AppError::NotFound("profile"),
            StatusCode::NOT_FOUND,
            json!({ "profile": ["not found"] }),
        ),
        (
            || AppError::Taken("email"),
            StatusCode::CONFLICT,
            json!({ "email": ["has already been taken"] }),
        ),
        (
            || {
                AppError::Invalid(BTreeMap::from([
                    ("email", vec!["is invalid".to_owned()]),
                    ("password", vec!["can't be blank".to_owned()]),
                ]))
            },
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "email": ["is invalid"], "password": ["can't be blank"] }),
        ),
        (
            || AppError::Unavailable { retry_after: 5 },
            StatusCode::SERVICE_UNAVAILABLE,
            json!({ "body": ["the service is unavailable; try again in 5 s"] }),
        ),
    ];
    for (error, status, errors) in cases {
        let (answered, headers, body) = answer(error).await;
        assert_eq!((answered, &body), (status, &json!({ "errors": errors })));
        let challenge = headers.get("www-authenticate");
        assert_eq!(
            challenge.is_some(),
            status == StatusCode::UNAUTHORIZED,
            "a 401, and only a 401, says which scheme to use: {body}"
        );
    }
}

#[tokio::test]
async fn answers_that_ask_to_come_back_say_when() {
    for error in [
        (|| AppError::TooManyRequests { retry_after: 42 }) as MakeError,
        || AppError::Unavailable { retry_after: 42 },
    ] {
        let (_, headers, body) = answer(error).await;
        assert_eq!(
            headers.get("retry-after").map(|v| v.as_bytes()),
            Some(&b"42"[..]),
            "{body}"
        );
    }
    let (_, headers, _) = answer(|| AppError::MissingToken).await;
    assert_eq!(
        headers.get("www-authenticate").map(|v| v.as_bytes()),
        Some(&b"Token"[..])
    );
}

/// What went wrong inside is for the log, where whoever is on call reads it; the client learns
/// only that it was not its fault.
#[tokio::test]
async fn an_internal_error_is_logged_and_reveals_nothing() {
    let logs = CapturedLogs::start();
    let (status, _, body) =
        answer(|| AppError::Internal(anyhow::anyhow!("the disk at db.internal is full"))).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body, json!({ "errors": { "body": ["internal error"] } }));
    assert!(
        logs.text().contains("the disk at db.internal is full"),
        "the error's details are logged: {}",
        logs.text()
    );
}

/// Two writers racing for one new slug both find it free; the unique index stops the second, and
/// the query that can break it reads its violation as the title taken. A constraint it did not
/// name stays an internal error, and PostgreSQL's refusal of a NUL character is the client's.
#[tokio::test]
async fn database_errors_read_where_the_query_is() {
    let db = TestDatabase::create(&capstone::db::MIGRATOR)
        .await
        .unwrap_or_else(|error| panic!("these tests need PostgreSQL: {error}"));
    let insert = "INSERT INTO users (username, email, password_hash) VALUES ('jake', $1, 'x')";
    sqlx::query(insert)
        .bind("jake@x.io")
        .execute(db.pool())
        .await
        .expect("a user");
    let violation = || async {
        sqlx::query(insert)
            .bind("other@x.io")
            .execute(db.pool())
            .await
            .expect_err("the unique index refuses a second `jake`")
    };
    let fields = capstone::routes::users::UNIQUE_FIELDS;
    assert!(matches!(
        AppError::taken_or(violation().await, fields),
        AppError::Taken("username")
    ));
    assert!(matches!(
        AppError::taken_or(violation().await, capstone::routes::articles::UNIQUE_FIELDS),
        AppError::Internal(_)
    ));
    let nul = sqlx::query(insert)
        .bind("ja\u{0}ke@x.io")
        .execute(db.pool())
        .await
        .expect_err("PostgreSQL text holds no NUL");
    let converted = AppError::from(nul);
    assert_eq!(
        converted.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{converted:?}"
    );
}
