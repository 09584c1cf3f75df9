use capstone::routes::bounds::{MAX_CHARS, MAX_TAGS};
use course_testkit::{Req, fail, fetch};
use serde_json::Value;

use crate::support::conduit;

const SENT: &str = "GET /api/openapi.json";

/// The document Conduit serves about itself.
async fn document() -> Value {
    let app = conduit("5.11").await;
    fetch("5.11", &app.server, Req::get("/api/openapi.json"))
        .await
        .json()
}

/// The bound `field` has in the table the handlers check.
fn bound(field: &str) -> u64 {
    MAX_CHARS
        .iter()
        .find(|(name, _)| *name == field)
        .map(|(_, max)| *max as u64)
        .unwrap_or_else(|| panic!("`{field}` has a bound in routes/bounds.rs"))
}

/// Every `maxLength` stated on `property` of schema `schema`, on its own schema or on the parts of
/// a `oneOf` (a nullable field may be written either way).
fn max_lengths(document: &Value, schema: &str, property: &str) -> Vec<Value> {
    let field = &document["components"]["schemas"][schema]["properties"][property];
    let mut parts = vec![field];
    parts.extend(field["oneOf"].as_array().into_iter().flatten());
    parts
        .into_iter()
        .map(|part| part["maxLength"].clone())
        .filter(|max| !max.is_null())
        .collect()
}

/// A client generated from the document checks what it sends against it: each bound the server
/// enforces on a field of a request body is the `maxLength` of that field, nullable ones included.
/// Answers are not bounded: they carry what was accepted, perhaps before a bound was lowered, and
/// a client that checked them against today's bound would refuse yesterday's article.
#[tokio::test]
async fn ex5_11_request_fields_carry_the_enforced_bounds_and_answers_none() {
    let document = document().await;
    for (schema, property) in [
        ("NewUser", "username"),
        ("NewUser", "email"),
        ("NewUser", "password"),
        ("LoginUser", "password"),
        ("UpdateUser", "bio"),
        ("UpdateUser", "image"),
        ("NewArticle", "title"),
        ("NewArticle", "body"),
        ("UpdateArticle", "description"),
        ("NewComment", "body"),
    ] {
        let expected = bound(property);
        let found = max_lengths(&document, schema, property);
        if found.is_empty() || found.iter().any(|max| max != expected) {
            fail(
                "5.11",
                SENT,
                format!(
                    "components.schemas.{schema}.properties.{property} with maxLength {expected} \
                     (the bound of `{property}` in routes/bounds.rs)"
                ),
                &format!(
                    "maxLength {found:?} on {}",
                    document["components"]["schemas"][schema]["properties"][property]
                ),
            );
        }
    }
    for (schema, property) in [
        ("User", "username"),
        ("Profile", "bio"),
        ("Article", "title"),
        ("Comment", "body"),
    ] {
        let found = max_lengths(&document, schema, property);
        if !found.is_empty() {
            fail(
                "5.11",
                SENT,
                format!("no maxLength on {schema}.{property}: it is part of an answer"),
                &document["components"]["schemas"][schema]["properties"][property].to_string(),
            );
        }
    }
}

/// `tagList` is bounded twice: how many tags, and how long each one is.
#[tokio::test]
async fn ex5_11_tag_lists_are_bounded_in_number_and_length() {
    let document = document().await;
    for schema in ["NewArticle", "UpdateArticle"] {
        let tags = &document["components"]["schemas"][schema]["properties"]["tagList"];
        let expected = (MAX_TAGS as u64, bound("tagList"));
        if (&tags["maxItems"], &tags["items"]["maxLength"])
            != (&expected.0.into(), &expected.1.into())
        {
            fail(
                "5.11",
                SENT,
                format!(
                    "{schema}.tagList with maxItems {} and items of maxLength {}",
                    expected.0, expected.1
                ),
                &tags.to_string(),
            );
        }
    }
}
