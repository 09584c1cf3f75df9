use auth::jwt::{Claims, Keys};
use auth::store::Role;
use axum::http::StatusCode;
use course_testkit::{Req, attempt, fail, send};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};

use serde_json::json;

use crate::support::{PASSWORD, add_user, app, config, state};

#[test]
fn ex3_05_the_token_is_hs256_with_every_claim() {
    let config = config();
    let keys = Keys::new(&config);
    let call = "keys.issue(7, Role::Admin, 1_700_000_000)";
    let token = attempt("3.5", call, "a signed JWT", || {
        keys.issue(7, Role::Admin, 1_700_000_000)
    });
    let token =
        token.unwrap_or_else(|error| fail("3.5", call, "a token", &format!("Err({error})")));

    let header = jsonwebtoken::decode_header(&token)
        .unwrap_or_else(|error| fail("3.5", call, "a JWT", &format!("{token} ({error})")));
    if header.alg != Algorithm::HS256 {
        fail(
            "3.5",
            call,
            "alg HS256 in the header",
            &format!("{:?}", header.alg),
        );
    }

    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false;
    validation.set_audience(&[&config.audience]);
    let decoded = jsonwebtoken::decode::<Claims>(
        &token,
        &DecodingKey::from_secret(&config.jwt_secret),
        &validation,
    );
    let expected = Claims {
        sub: "7".to_owned(),
        role: Role::Admin,
        iat: 1_700_000_000,
        exp: 1_700_000_000 + config.access_ttl.as_secs(),
        iss: config.issuer.clone(),
        aud: config.audience.clone(),
    };
    match decoded {
        Ok(data) if data.claims == expected => {}
        other => fail(
            "3.5",
            call,
            format!("a token signed with the configured secret holding {expected:?}"),
            &format!("{other:?}"),
        ),
    }
}

/// With tokens issued, a login answers with the pair.
#[tokio::test]
async fn ex3_05_a_login_answers_a_token_pair() {
    let state = state();
    add_user(&state, "alice@example.com", Role::User).await;
    let login = Req::post("/auth/login")
        .json(&json!({ "email": "Alice@Example.com ", "password": PASSWORD }));
    let reply = send("3.5", app(&state), login).await;
    reply.expect_status(StatusCode::OK);
    reply.expect_snapshot(|| {
        insta::assert_json_snapshot!("ex3_05_token_pair", reply.json(), {
            ".access_token" => "[jwt]",
            ".refresh_token" => "[token]",
        });
    });
}
