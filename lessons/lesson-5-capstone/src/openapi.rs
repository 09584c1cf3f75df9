//! The API's description, OpenAPI 3.1, generated from the code by utoipa and served at
//! `GET /api/openapi.json`. Each handler carries its own `#[utoipa::path]` (its path, parameters,
//! body and answers) and [`routes::router`](crate::routes::router) registers it through
//! utoipa-axum's `routes!`, which takes the path and method from that one attribute: the router
//! and the document are made from the same list, so a route cannot be served undescribed or
//! described at a path it is not served on. What is written here is what no handler knows: the
//! API's name, the `Authorization: Token …` scheme, the shape of every error, and the bounds of
//! the input fields, read from [`bounds`](crate::routes::bounds) rather than written twice.
//!
//! A description from code promises the shapes the code declares: paths, methods, parameters,
//! the fields of each body and which are required. It promises nothing about behaviour (that a
//! follow is idempotent, which statuses a handler really returns and when): a test holds the
//! document to RealWorld's own (`tests/openapi.rs`), and property-based requests driven by the
//! served document (`cargo course maintain conformance`) hold the server to it.

use axum::Extension;
use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::MethodRouter;
use utoipa::openapi::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, ToSchema};

use crate::state::AppState;

/// What the document says of itself and of the whole API; the paths come from the handlers.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Conduit",
        description = "The RealWorld blogging API (\"Medium.com clone\"), with refresh tokens, \
                       logout and health checks beyond the spec.",
        license(name = "MIT", identifier = "MIT"),
    ),
    paths(serve),
    components(schemas(ErrorBody)),
    modifiers(&TokenScheme),
    tags(
        (name = "User and Authentication"),
        (name = "Profile"),
        (name = "Articles"),
        (name = "Comments"),
        (name = "Favorites"),
        (name = "Tags"),
        (name = "Health"),
        (name = "API description"),
    )
)]
pub struct ApiDoc;

/// The name under which operations that need a signed-in user ask for it
/// (`security(("Token" = []))`), as RealWorld's document names it.
pub const TOKEN: &str = "Token";

/// The shape of every error answer (see `AppError`): each field or resource in
/// question, with its problems, `{"errors": {"email": ["can't be blank"]}}`.
#[derive(serde::Serialize, ToSchema)]
#[schema(example = json!({"errors": {"email": ["can't be blank"]}}))]
pub struct ErrorBody {
    /// The field or resource (`token`, `article`, `body`, …) and what is wrong with it.
    #[schema(value_type = BTreeMap<String, Vec<String>>)]
    pub errors: serde_json::Value,
}

// ANCHOR: token_scheme
/// `Authorization: Token <jwt>`: an API key in a header, as RealWorld describes it. It is not
/// HTTP's `Bearer` scheme, which would make clients send `Bearer <jwt>`.
struct TokenScheme;

impl Modify for TokenScheme {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            TOKEN,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "`Token <token>`, with the token of a login, a sign-up or a refresh.",
            ))),
        );
    }
}
// ANCHOR_END: token_scheme

// ANCHOR: field_bounds
/// Sets each text field's `maxLength` (and `tagList`'s `maxItems`) in the schemas of request
/// bodies from [`MAX_CHARS`](crate::routes::bounds::MAX_CHARS) and
/// [`MAX_TAGS`](crate::routes::bounds::MAX_TAGS), the bounds the handlers enforce, so the document
/// cannot state other ones. A client generated from the document then refuses an over-long title
/// before sending it, and a fuzzer driven by the document knows what the server will refuse.
struct FieldBounds;

impl Modify for FieldBounds {
    fn modify(&self, openapi: &mut OpenApi) {
        // BEGIN EXERCISE 5.11
        // Exercise 5.11: state the bounds of `routes/bounds.rs` in the schemas of request bodies.
        // Until then the document says nothing of them.
        let _ = openapi;
        // END EXERCISE 5.11
    }
}
// ANCHOR_END: field_bounds

/// The document as served: built once, when the router is, and kept as its JSON.
#[derive(Clone)]
struct Document(Bytes);

/// The route that serves `document`, the bounds of the input fields set on it first: only now
/// does it hold every route's schemas.
pub fn route(mut document: OpenApi) -> MethodRouter<AppState> {
    FieldBounds.modify(&mut document);
    let json = document
        .to_json()
        .expect("a document made of utoipa's own types serializes");
    axum::routing::get(serve).layer(Extension(Document(Bytes::from(json))))
}

// ANCHOR: serve
/// `GET /api/openapi.json`: this document.
#[utoipa::path(
    get,
    operation_id = "GetOpenApiDocument",
    path = "/api/openapi.json",
    tag = "API description",
    responses((status = 200, description = "This API's OpenAPI 3.1 document", content_type = "application/json")),
)]
async fn serve(Extension(Document(json)): Extension<Document>) -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], json)
}
// ANCHOR_END: serve
