//! Comments on an article: `/api/articles/{slug}/comments`.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::profiles::Profile;

use crate::auth::AuthUser;
use crate::error::AppError;
use crate::extract::{Json, Path};
use crate::openapi::ErrorBody;
use crate::state::AppState;

/// A comment as RealWorld shows it, its author as the viewer sees them.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    /// What its author deletes it by: `DELETE /api/articles/{slug}/comments/{id}`.
    pub id: i64,
    /// When it was posted: an article's comments are listed oldest first by it.
    pub created_at: DateTime<Utc>,
    /// In the spec's shape, though no route edits a comment: the same as `createdAt`.
    pub updated_at: DateTime<Utc>,
    /// What the commenter wrote; no route changes it after, it can only be deleted.
    pub body: String,
    /// Who wrote it, and whether the viewer follows them.
    pub author: Profile,
}

/// RealWorld wraps each object in a key named for it: `{"comment": {...}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentResponse {
    /// The comment just posted, as its author sees it.
    pub comment: Comment,
}

/// `GET /api/articles/{slug}/comments`: `{"comments": [...]}`, with no paging, as in the spec.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentsResponse {
    /// Every comment on the article, oldest first.
    pub comments: Vec<Comment>,
}

/// A new comment, wrapped as RealWorld sends it: `{"comment": {"body": "..."}}`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CommentBody {
    /// Only the text: the author is the caller, and the article is the one in the path.
    pub comment: NewComment,
}

/// What `POST /api/articles/{slug}/comments` posts, as `{"comment": {...}}`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewComment {
    /// Not blank, and no longer than the bound of `body` (its `maxLength`).
    #[schema(pattern = r"\S")]
    pub body: String,
}

/// The comments of the article at `slug` (all of them, or the one with `id`), oldest first, as
/// `viewer` sees them (`None`: signed out). Lesson 6 sends them to live clients.
pub async fn fetch(
    state: &AppState,
    viewer: Option<i64>,
    slug: &str,
    id: Option<i64>,
) -> Result<Vec<Comment>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT c.id, c.created_at, c.updated_at, c.body, u.username, u.bio, u.image,
                  EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $3 AND f.followed_id = u.id)
                      AS "following!"
           FROM comments c
           JOIN articles a ON a.id = c.article_id
           JOIN users u ON u.id = c.author_id
           WHERE a.slug = $1 AND ($2::BIGINT IS NULL OR c.id = $2)
           ORDER BY c.created_at, c.id"#,
        slug,
        id,
        viewer,
    )
    .fetch_all(&state.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Comment {
            id: row.id,
            created_at: row.created_at,
            updated_at: row.updated_at,
            body: row.body,
            author: Profile::new(row.username, row.bio, row.image, row.following),
        })
        .collect())
}

/// The id of the article at `slug`, or a 404: Lesson 6 checks an article exists before it streams.
pub async fn article_id(state: &AppState, slug: &str) -> Result<i64, AppError> {
    sqlx::query_scalar!("SELECT id FROM articles WHERE slug = $1", slug)
        .fetch_optional(&state.pool)
        .await?
        .ok_or(AppError::NotFound("article"))
}

// ANCHOR: list
/// `GET /api/articles/{slug}/comments`
#[utoipa::path(
    get,
    operation_id = "GetArticleComments",
    path = "/articles/{slug}/comments",
    tag = "Comments",
    params(("slug" = String, Path, description = "The article's slug")),
    security((), ("Token" = [])),
    responses(
        (status = 200, description = "The article's comments, oldest first", body = CommentsResponse),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    viewer: Option<AuthUser>,
    Path(slug): Path<String>,
) -> Result<Json<CommentsResponse>, AppError> {
    article_id(&state, &slug).await?;
    let comments = fetch(&state, viewer.map(|viewer| viewer.id), &slug, None).await?;
    Ok(Json(CommentsResponse { comments }))
}
// ANCHOR_END: list

/// `POST /api/articles/{slug}/comments`
#[utoipa::path(
    post,
    operation_id = "CreateArticleComment",
    path = "/articles/{slug}/comments",
    tag = "Comments",
    request_body = CommentBody,
    params(("slug" = String, Path, description = "The article's slug")),
    security(("Token" = [])),
    responses(
        (status = 201, description = "The comment, posted", body = CommentResponse),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn create(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(slug): Path<String>,
    Json(CommentBody { comment }): Json<CommentBody>,
) -> Result<(StatusCode, Json<CommentResponse>), AppError> {
    super::users::required("body", &comment.body)?;
    let article = article_id(&state, &slug).await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO comments (article_id, author_id, body) VALUES ($1, $2, $3) RETURNING id",
        article,
        auth.id,
        comment.body,
    )
    .fetch_one(&state.pool)
    .await?;
    let comment = fetch(&state, Some(auth.id), &slug, Some(id))
        .await?
        .pop()
        .ok_or(AppError::NotFound("comment"))?;
    Ok((StatusCode::CREATED, Json(CommentResponse { comment })))
}

// ANCHOR: delete
/// `DELETE /api/articles/{slug}/comments/{id}`: only its author may.
#[utoipa::path(
    delete,
    operation_id = "DeleteArticleComment",
    path = "/articles/{slug}/comments/{id}",
    tag = "Comments",
    params(("slug" = String, Path, description = "The article's slug"), ("id" = i64, Path, description = "The comment's id")),
    security(("Token" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 403, description = "The comment is someone else's", body = ErrorBody),
        (status = 404, description = "No such article or comment", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn delete(
    State(state): State<AppState>,
    auth: AuthUser,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<StatusCode, AppError> {
    // One query tells the two 404s apart: no article at `slug`, or no such comment on it.
    let found = sqlx::query!(
        r#"SELECT c.author_id AS "author?" FROM articles a
           LEFT JOIN comments c ON c.article_id = a.id AND c.id = $2
           WHERE a.slug = $1"#,
        slug,
        id,
    )
    .fetch_optional(&state.pool)
    .await?
    .ok_or(AppError::NotFound("article"))?;
    let author = found.author.ok_or(AppError::NotFound("comment"))?;
    if author != auth.id {
        return Err(AppError::Forbidden("comment"));
    }
    sqlx::query!("DELETE FROM comments WHERE id = $1", id)
        .execute(&state.pool)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
// ANCHOR_END: delete
