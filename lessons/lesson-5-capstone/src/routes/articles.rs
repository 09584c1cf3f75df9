//! Articles, the feed and favorites: `/api/articles...`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::bounds;
use super::fields::{not_null, nullable};
use super::profiles::Profile;

use crate::auth::AuthUser;
use crate::error::AppError;
use crate::extract::{Json, Path, Query};
use crate::openapi::ErrorBody;
use crate::state::AppState;

/// An article as RealWorld shows it, to one viewer: `favorited` and the author's `following` are
/// that viewer's.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Article {
    /// The article's address in every route (`/api/articles/{slug}`), made from its title.
    pub slug: String,
    /// Shown as the article's heading; its slug is made from it.
    pub title: String,
    /// The summary under the title, shown in lists where the body is not.
    pub description: String,
    /// Left out of lists, as the spec's list response has no body.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub body: Option<String>,
    /// Its tags, in alphabetical order: `GET /api/articles?tag=` finds it by any of them.
    pub tag_list: Vec<String>,
    /// When it was published: lists and the feed are newest first by it.
    pub created_at: DateTime<Utc>,
    /// When it was last changed; `createdAt` until then.
    pub updated_at: DateTime<Utc>,
    /// Whether the viewer has favorited it; false for a signed-out viewer.
    pub favorited: bool,
    /// How many users have favorited it, whoever is looking.
    pub favorites_count: i64,
    /// Who wrote it, and whether the viewer follows them.
    pub author: Profile,
}

/// RealWorld wraps each object in a key named for it: `{"article": {...}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleResponse {
    /// The article asked for, created or changed, with its body.
    #[schema(schema_with = article_with_body)]
    pub article: Article,
}

/// An [`Article`] whose `body` is always there, as in every answer about one article; lists leave
/// it out. One type serves both, so the document says so with the schema, not with a second type.
fn article_with_body() -> utoipa::openapi::Schema {
    use utoipa::openapi::Ref;
    use utoipa::openapi::schema::{AllOfBuilder, ObjectBuilder};
    AllOfBuilder::new()
        .item(Ref::from_schema_name("Article"))
        .item(ObjectBuilder::new().required("body"))
        .into()
}

/// A page of articles, for a list or the feed: `{"articles": [...], "articlesCount": 42}`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ArticlesResponse {
    /// This page, newest first, without bodies.
    pub articles: Vec<Article>,
    /// How many articles the filters select in all, not on this page: what a front end counts
    /// its pages from.
    pub articles_count: i64,
}

/// A request's article, wrapped as RealWorld sends it: `{"article": {...}}`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ArticleBody<T> {
    /// A [`NewArticle`] or an [`UpdateArticle`].
    pub article: T,
}

/// `POST /api/articles`: every field but the tags is required, and none may be blank.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewArticle {
    /// The heading; the slug is made from it, so it needs a letter or a digit.
    #[schema(pattern = r"[^\W_]")]
    pub title: String,
    /// The summary shown in lists of articles.
    #[schema(pattern = r"\S")]
    pub description: String,
    /// The article itself, in Markdown, which RealWorld's front ends render.
    #[schema(pattern = r"\S")]
    pub body: String,
    /// The tags to file it under; may be left out. Blanks and repeats are dropped.
    #[serde(default)]
    pub tag_list: Vec<String>,
}

/// `PUT /api/articles/{slug}`: only the fields sent change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateArticle {
    /// A new heading, which gives the article a new slug; absent or `null` keeps it.
    #[schema(pattern = r"[^\W_]")]
    pub title: Option<String>,
    /// A new summary; absent or `null` keeps it.
    #[schema(pattern = r"\S")]
    pub description: Option<String>,
    /// A new body; absent or `null` keeps it.
    #[schema(pattern = r"\S")]
    pub body: Option<String>,
    /// Absent keeps the tags and `[]` removes them; `null` is refused, as it could mean either.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Vec<String>, required = false)]
    pub tag_list: Option<Option<Vec<String>>>,
}

/// `?tag=&author=&favorited=&limit=&offset=`; the feed takes only `limit` and `offset`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only the articles with this tag.
    pub tag: Option<String>,
    /// Only the articles written by this username.
    pub author: Option<String>,
    /// Only the articles this username has favorited.
    pub favorited: Option<String>,
    /// How many articles a page holds: 20 by default, at least 1; more than 100 reads as 100.
    #[param(minimum = 1)]
    pub limit: Option<i64>,
    /// How many to skip, to reach a later page: 0 by default.
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

// ANCHOR: filter
/// Which articles one query returns. Lists, the feed and single articles all use the same query,
/// so an article looks the same wherever it appears.
#[derive(Debug, Default)]
pub struct Filter<'a> {
    /// The one article at this slug.
    pub slug: Option<&'a str>,
    /// Articles with this tag.
    pub tag: Option<&'a str>,
    /// Articles written by this username.
    pub author: Option<&'a str>,
    /// Articles favorited by this username.
    pub favorited_by: Option<&'a str>,
    /// Articles by the users this user (an id) follows: the feed.
    pub feed_of: Option<i64>,
    /// The most articles returned: the page's size.
    pub limit: i64,
    /// How many to skip first: where the page starts.
    pub offset: i64,
}
// ANCHOR_END: filter

impl<'a> Filter<'a> {
    /// `limit` (default 20; at least 1, and more than 100 reads as 100 so one request cannot ask
    /// for the whole table) and `offset` (default 0, not negative).
    fn from_params(params: &'a ListParams) -> Result<Self, AppError> {
        let limit = params.limit.unwrap_or(20);
        if limit < 1 {
            return Err(AppError::invalid("limit", "must be at least 1"));
        }
        let limit = limit.min(100);
        let offset = params.offset.unwrap_or(0);
        if offset < 0 {
            return Err(AppError::invalid("offset", "must not be negative"));
        }
        Ok(Self {
            tag: params.tag.as_deref(),
            author: params.author.as_deref(),
            favorited_by: params.favorited.as_deref(),
            limit,
            offset,
            ..Self::default()
        })
    }

    fn slug(slug: &'a str) -> Self {
        Self {
            slug: Some(slug),
            limit: 1,
            ..Self::default()
        }
    }
}

/// The articles `filter` selects, newest first and with their bodies, as `viewer` (`None`: signed
/// out) sees them: one query that reads each article's tags, favorites and author with it.
pub async fn fetch(
    state: &AppState,
    viewer: Option<i64>,
    filter: &Filter<'_>,
) -> Result<Vec<Article>, AppError> {
    // BEGIN EXERCISE 5.2
    let _ = (state, viewer, filter);
    todo!("exercise 5.2: the articles the filter selects, as the viewer sees them")
    // END EXERCISE 5.2
}

/// How many articles `filter` selects, for `articlesCount`: the same filters as [`fetch`], without
/// the page. The counts every front page asks for, all articles and the articles with a tag, are
/// kept by the database as articles and tags are written (migration `0003_counts`), since
/// counting them here would read every article, or every use of the tag, on every request.
///
/// Any other filter selects few articles, found through its table's index: each is an
/// `= ANY (ARRAY(...))` over ids found first, rather than an `EXISTS` per article, because inside
/// `$1 IS NULL OR ...` PostgreSQL cannot turn an `EXISTS` into a join, and would read every
/// article to test it (`tests/plans.rs` checks this on 10,000 of them).
async fn count(state: &AppState, filter: &Filter<'_>) -> Result<i64, AppError> {
    let by_tag_alone =
        filter.author.is_none() && filter.favorited_by.is_none() && filter.feed_of.is_none();
    if by_tag_alone {
        let kept = match filter.tag {
            None => {
                sqlx::query_scalar!("SELECT total FROM article_count")
                    .fetch_one(&state.pool)
                    .await?
            }
            Some(tag) => sqlx::query_scalar!("SELECT uses FROM tag_counts WHERE tag = $1", tag)
                .fetch_optional(&state.pool)
                .await?
                .unwrap_or(0),
        };
        return Ok(kept);
    }
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!"
           FROM articles a JOIN users u ON u.id = a.author_id
           WHERE ($1::TEXT IS NULL OR a.id = ANY (ARRAY(
                     SELECT t.article_id FROM article_tags t WHERE t.tag = $1)))
             AND ($2::TEXT IS NULL OR u.username = $2)
             AND ($3::TEXT IS NULL OR a.id = ANY (ARRAY(
                     SELECT v.article_id FROM favorites v JOIN users fu ON fu.id = v.user_id
                     WHERE fu.username = $3)))
             AND ($4::BIGINT IS NULL OR a.author_id = ANY (ARRAY(
                     SELECT f.followed_id FROM follows f WHERE f.follower_id = $4)))"#,
        filter.tag,
        filter.author,
        filter.favorited_by,
        filter.feed_of,
    )
    .fetch_one(&state.pool)
    .await?;
    Ok(total)
}

async fn one(state: &AppState, viewer: Option<i64>, slug: &str) -> Result<Article, AppError> {
    fetch(state, viewer, &Filter::slug(slug))
        .await?
        .pop()
        .ok_or(AppError::NotFound("article"))
}

async fn list_response(
    state: &AppState,
    viewer: Option<i64>,
    filter: Filter<'_>,
) -> Result<Json<ArticlesResponse>, AppError> {
    let mut articles = fetch(state, viewer, &filter).await?;
    for article in &mut articles {
        article.body = None;
    }
    let articles_count = count(state, &filter).await?;
    Ok(Json(ArticlesResponse {
        articles,
        articles_count,
    }))
}

/// `GET /api/articles`, newest first.
#[utoipa::path(
    get,
    operation_id = "GetArticles",
    path = "/articles",
    tag = "Articles",
    params(ListParams),
    security((), ("Token" = [])),
    responses(
        (status = 200, description = "A page of articles, newest first, without bodies", body = ArticlesResponse),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    viewer: Option<AuthUser>,
    Query(params): Query<ListParams>,
) -> Result<Json<ArticlesResponse>, AppError> {
    list_response(
        &state,
        viewer.map(|viewer| viewer.id),
        Filter::from_params(&params)?,
    )
    .await
}

/// `GET /api/articles/feed`: articles by the users the caller follows.
#[utoipa::path(
    get,
    operation_id = "GetArticlesFeed",
    path = "/articles/feed",
    tag = "Articles",
    params(ListParams),
    security(("Token" = [])),
    responses(
        (status = 200, description = "A page of the followed users' articles, newest first", body = ArticlesResponse),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn feed(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(params): Query<ListParams>,
) -> Result<Json<ArticlesResponse>, AppError> {
    let filter = Filter {
        feed_of: Some(auth.id),
        ..Filter::from_params(&params)?
    };
    list_response(&state, Some(auth.id), filter).await
}

/// `GET /api/articles/{slug}`, conditional: with an `ETag`, and a 304 when the client holds this
/// version.
#[utoipa::path(
    get,
    operation_id = "GetArticle",
    path = "/articles/{slug}",
    tag = "Articles",
    params(
        ("slug" = String, Path, description = "The article's slug"),
        ("If-None-Match" = Option<String>, Header, description = "The `ETag` of the version the client holds (or a list of them, or `*`)"),
    ),
    security((), ("Token" = [])),
    responses(
        (status = 200, description = "The article", body = ArticleResponse, headers(
            ("ETag" = String, description = "This answer's version: send it back as `If-None-Match` to be told 304 when it has not changed"),
            ("Vary" = String, description = "`authorization`: the answer depends on who asks"),
        )),
        (status = 304, description = "Not modified: the `If-None-Match` names this answer's version, which the client holds", headers(
            ("ETag" = String, description = "The version the client holds"),
        )),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn show(
    State(state): State<AppState>,
    viewer: Option<AuthUser>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let article = one(&state, viewer.map(|viewer| viewer.id), &slug).await?;
    crate::etag::json_or_not_modified(&headers, &ArticleResponse { article })
}

/// "How to Train Your Dragon" becomes "how-to-train-your-dragon".
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for c in title.trim().to_lowercase().chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_owned()
}

/// The one check of an article's fields, for a new article (every field given) and for an update
/// (only what changes): none blank, none over its bound (see [`bounds`]), a title with something
/// to make a slug of.
fn check_article(
    title: Option<&str>,
    description: Option<&str>,
    body: Option<&str>,
    tags: Option<&[String]>,
) -> Result<(), AppError> {
    for (field, value) in [
        ("title", title),
        ("description", description),
        ("body", body),
    ] {
        if let Some(value) = value {
            if value.trim().is_empty() {
                return Err(AppError::invalid(field, "can't be blank"));
            }
            bounds::check_length(field, value)?;
        }
    }
    if title.is_some_and(|title| slugify(title).is_empty()) {
        return Err(AppError::invalid("title", "needs a letter or a digit"));
    }
    tags.map_or(Ok(()), bounds::check_tags)
}

/// `POST /api/articles`: the article and its tags in one transaction.
#[utoipa::path(
    post,
    operation_id = "CreateArticle",
    path = "/articles",
    tag = "Articles",
    request_body = ArticleBody<NewArticle>,
    security(("Token" = [])),
    responses(
        (status = 201, description = "The article, published", body = ArticleResponse),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 409, description = "Listed by RealWorld; never sent here, where a title already used gets a slug of its own", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn create(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(ArticleBody { article }): Json<ArticleBody<NewArticle>>,
) -> Result<(StatusCode, Json<ArticleResponse>), AppError> {
    check_article(
        Some(&article.title),
        Some(&article.description),
        Some(&article.body),
        Some(&article.tag_list),
    )?;
    let mut tx = state.pool.begin().await?;
    let slug = free_slug(&mut tx, &article.title, None).await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO articles (slug, author_id, title, description, body)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        slug,
        auth.id,
        article.title.trim(),
        article.description,
        article.body,
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|error| AppError::taken_or(error, UNIQUE_FIELDS))?;
    set_tags(&mut tx, id, &article.tag_list).await?;
    tx.commit().await?;
    let article = one(&state, Some(auth.id), &slug).await?;
    Ok((StatusCode::CREATED, Json(ArticleResponse { article })))
}

/// The unique constraint of `articles` a request can break: two writers racing for one free slug
/// both find it free, and the index stops the second. Its title is then taken.
pub const UNIQUE_FIELDS: &[(&str, &str)] = &[("articles_slug_key", "title")];

/// A slug for `title` that no other article has: the title's words, with a short random suffix
/// when another article already has them (`dragons`, then `dragons-3f9a1c2b`), since RealWorld
/// lets two articles share a title. Two writers racing for the same free slug are still stopped
/// by the unique index: the one that loses gets a 409.
async fn free_slug(
    tx: &mut sqlx::PgConnection,
    title: &str,
    article: Option<i64>,
) -> Result<String, AppError> {
    let slug = slugify(title);
    let taken = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM articles WHERE slug = $1 AND id IS DISTINCT FROM $2)
               AS "taken!""#,
        slug,
        article,
    )
    .fetch_one(&mut *tx)
    .await?;
    if !taken {
        return Ok(slug);
    }
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    Ok(format!("{slug}-{}", &suffix[..8]))
}

async fn set_tags(
    tx: &mut sqlx::PgConnection,
    article: i64,
    tags: &[String],
) -> Result<(), AppError> {
    let mut tags: Vec<String> = tags
        .iter()
        .map(|tag| tag.trim().to_owned())
        .filter(|tag| !tag.is_empty())
        .collect();
    // In one order for every writer: each tag written updates its row of `tag_counts`, and two
    // transactions taking the same rows in opposite orders would deadlock.
    tags.sort_unstable();
    tags.dedup();
    sqlx::query!("DELETE FROM article_tags WHERE article_id = $1", article)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "INSERT INTO article_tags (article_id, tag) SELECT $1, unnest($2::TEXT[]) ON CONFLICT DO NOTHING",
        article,
        &tags,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The id and title of the article at `slug`, if `user` wrote it: 404 if there is none, 403 if
/// it is someone else's.
async fn owned_article(state: &AppState, slug: &str, user: i64) -> Result<(i64, String), AppError> {
    let row = sqlx::query!(
        "SELECT id, author_id, title FROM articles WHERE slug = $1",
        slug
    )
    .fetch_optional(&state.pool)
    .await?
    .ok_or(AppError::NotFound("article"))?;
    if row.author_id != user {
        return Err(AppError::Forbidden("article"));
    }
    Ok((row.id, row.title))
}

/// `PUT /api/articles/{slug}`: a new title gives a new slug.
#[utoipa::path(
    put,
    operation_id = "UpdateArticle",
    path = "/articles/{slug}",
    tag = "Articles",
    request_body = ArticleBody<UpdateArticle>,
    params(("slug" = String, Path, description = "The article's slug")),
    security(("Token" = [])),
    responses(
        (status = 200, description = "The article as changed", body = ArticleResponse),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 403, description = "The article is someone else's", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn update(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(slug): Path<String>,
    Json(ArticleBody { article: changes }): Json<ArticleBody<UpdateArticle>>,
) -> Result<Json<ArticleResponse>, AppError> {
    let (id, title) = owned_article(&state, &slug, auth.id).await?;
    let tags = not_null("tagList", changes.tag_list)?;
    check_article(
        changes.title.as_deref(),
        changes.description.as_deref(),
        changes.body.as_deref(),
        tags.as_deref(),
    )?;
    let mut tx = state.pool.begin().await?;
    // A new title gives a new slug; the same title sent again keeps the slug it has.
    let new_slug = match changes.title.as_deref().map(str::trim) {
        Some(new) if new != title => Some(free_slug(&mut tx, new, Some(id)).await?),
        _ => None,
    };
    let slug = sqlx::query_scalar!(
        "UPDATE articles SET
             slug = COALESCE($2, slug),
             title = COALESCE($3, title),
             description = COALESCE($4, description),
             body = COALESCE($5, body),
             updated_at = now()
         WHERE id = $1 RETURNING slug",
        id,
        new_slug,
        changes.title.as_deref().map(str::trim),
        changes.description,
        changes.body,
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|error| AppError::taken_or(error, UNIQUE_FIELDS))?;
    if let Some(tags) = &tags {
        set_tags(&mut tx, id, tags).await?;
    }
    tx.commit().await?;
    let article = one(&state, Some(auth.id), &slug).await?;
    Ok(Json(ArticleResponse { article }))
}

/// `DELETE /api/articles/{slug}`: its tags, favorites and comments go with it.
#[utoipa::path(
    delete,
    operation_id = "DeleteArticle",
    path = "/articles/{slug}",
    tag = "Articles",
    params(("slug" = String, Path, description = "The article's slug")),
    security(("Token" = [])),
    responses(
        (status = 204, description = "Deleted, with its comments and favorites"),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 403, description = "The article is someone else's", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn delete(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(slug): Path<String>,
) -> Result<StatusCode, AppError> {
    let (id, _) = owned_article(&state, &slug, auth.id).await?;
    sqlx::query!("DELETE FROM articles WHERE id = $1", id)
        .execute(&state.pool)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/articles/{slug}/favorite`: idempotent, through the primary key of `favorites`.
#[utoipa::path(
    post,
    operation_id = "CreateArticleFavorite",
    path = "/articles/{slug}/favorite",
    tag = "Favorites",
    params(("slug" = String, Path, description = "The article's slug")),
    security(("Token" = [])),
    responses(
        (status = 200, description = "The article, favorited", body = ArticleResponse),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn favorite(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(slug): Path<String>,
) -> Result<Json<ArticleResponse>, AppError> {
    // BEGIN EXERCISE 5.5
    let _ = (state, auth, slug);
    todo!("exercise 5.5: the caller favorites the article at `slug`; answer with the article")
    // END EXERCISE 5.5
}

/// `DELETE /api/articles/{slug}/favorite`: taking back a mark that is not there is no error.
#[utoipa::path(
    delete,
    operation_id = "DeleteArticleFavorite",
    path = "/articles/{slug}/favorite",
    tag = "Favorites",
    params(("slug" = String, Path, description = "The article's slug")),
    security(("Token" = [])),
    responses(
        (status = 200, description = "The article, no longer favorited", body = ArticleResponse),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn unfavorite(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(slug): Path<String>,
) -> Result<Json<ArticleResponse>, AppError> {
    // BEGIN EXERCISE 5.5
    let _ = (state, auth, slug);
    todo!("exercise 5.5: the caller no longer favorites the article; answer with the article")
    // END EXERCISE 5.5
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_are_lowercase_words_joined_by_dashes() {
        assert_eq!(
            slugify("How to Train Your Dragon"),
            "how-to-train-your-dragon"
        );
        assert_eq!(slugify("  Rust: 2024 — édition!  "), "rust-2024-édition");
        assert_eq!(slugify("!!!"), "");
    }
}
