use auth::jwt::Keys;
use auth::token::unix_now;
use course_testkit::{attempt, fail};
use jsonwebtoken::Algorithm;
use serde_json::json;

use crate::support::{claims, config, sign, sign_with};

fn verify(what: &str, token: &str, expected: &str) -> Result<String, String> {
    let keys = Keys::new(&config());
    let call = format!("keys.verify(<{what}>)");
    attempt("3.6", &call, expected, || keys.verify(token))
        .map(|claims| claims.sub)
        .map_err(|error| error.to_string())
}

fn expect_refused(what: &str, token: &str) {
    if let Ok(sub) = verify(what, token, "Err(AuthError::InvalidToken)") {
        fail(
            "3.6",
            &format!("keys.verify(<{what}>)"),
            "Err(AuthError::InvalidToken)",
            &format!("Ok(claims) for user {sub}"),
        );
    }
}

#[test]
fn ex3_06_a_valid_token_is_accepted() {
    let token = sign(&claims(7, "user"));
    match verify("a valid token", &token, "Ok(claims) with sub \"7\"") {
        Ok(sub) if sub == "7" => {}
        other => fail(
            "3.6",
            "keys.verify(<a valid token>)",
            "Ok(claims) with sub \"7\"",
            &format!("{other:?}"),
        ),
    }
}

#[test]
fn ex3_06_an_expired_token_is_refused() {
    let mut expired = claims(7, "user");
    expired["iat"] = json!(unix_now() - 120);
    // Half a minute: inside jsonwebtoken's default leeway of 60 s, so a `Validation` that keeps
    // the default lets it through, every time (at a minute, a second's tick could hide that).
    expired["exp"] = json!(unix_now() - 30);
    expect_refused("a token that expired 30 s ago", &sign(&expired));
}

#[test]
fn ex3_06_a_tampered_token_is_refused() {
    let token = sign(&claims(7, "user"));
    let forged_payload = jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &claims(7, "admin"),
        &jsonwebtoken::EncodingKey::from_secret(b"whatever"),
    )
    .expect("jsonwebtoken signs");
    let mut parts: Vec<&str> = token.split('.').collect();
    let forged: Vec<&str> = forged_payload.split('.').collect();
    parts[1] = forged[1];
    expect_refused(
        "a token whose payload was swapped for role admin",
        &parts.join("."),
    );
}

#[test]
fn ex3_06_a_token_for_another_audience_is_refused() {
    let mut other = claims(7, "user");
    other["aud"] = json!("another-service");
    expect_refused("a token for another audience", &sign(&other));
}

#[test]
fn ex3_06_a_token_from_another_issuer_is_refused() {
    let mut other = claims(7, "user");
    other["iss"] = json!("someone-else");
    expect_refused("a token from another issuer", &sign(&other));
}

#[test]
fn ex3_06_an_unsigned_alg_none_token_is_refused() {
    use base64::Engine;
    let encode = |value: serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
    };
    let token = format!(
        "{}.{}.",
        encode(json!({ "alg": "none", "typ": "JWT" })),
        encode(claims(7, "admin"))
    );
    expect_refused("an unsigned token with alg none", &token);
}

#[test]
fn ex3_06_a_token_signed_with_another_key_or_algorithm_is_refused() {
    expect_refused(
        "a token signed with another secret",
        &sign_with(Algorithm::HS256, b"not-the-secret", &claims(7, "user")),
    );
    expect_refused(
        "a token signed with HS512",
        &sign_with(Algorithm::HS512, &config().jwt_secret, &claims(7, "user")),
    );
}

#[test]
fn ex3_06_a_token_without_an_expiry_is_refused() {
    let mut endless = claims(7, "user");
    if let Some(object) = endless.as_object_mut() {
        object.remove("exp");
    }
    expect_refused("a token with no exp claim", &sign(&endless));
}
