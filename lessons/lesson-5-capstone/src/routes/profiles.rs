//! Profiles and following: `/api/profiles/{username}` and its `/follow`.

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::AuthUser;
use crate::error::AppError;
use crate::extract::{Json, Path};
use crate::openapi::ErrorBody;
use crate::state::AppState;

/// A user as others see them: no email, and `following` from the viewer's side. Also what an
/// article's or a comment's `author` is.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Profile {
    /// Unique: the name the user writes under, and their profile's address
    /// (`/api/profiles/{username}`).
    pub username: String,
    /// What the user says about themselves; `null` when they have said nothing.
    #[schema(required = true)]
    pub bio: Option<String>,
    /// The URL of their picture; `null` for none, and a front end shows a default one.
    #[schema(required = true)]
    pub image: Option<String>,
    /// Whether the viewer follows them, and so sees their articles in the feed; false for a
    /// signed-out viewer.
    pub following: bool,
}

impl Profile {
    /// A user as a viewer sees them. Every query that shows a user (a profile, an article's or a
    /// comment's author) selects `username`, `bio` and `image` with the viewer's `following`, and
    /// turns them into a profile here.
    pub fn new(
        username: String,
        bio: Option<String>,
        image: Option<String>,
        following: bool,
    ) -> Self {
        Self {
            username,
            bio,
            image,
            following,
        }
    }
}

/// RealWorld wraps each object in a key named for it: `{"profile": {...}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileResponse {
    /// The profile, as the caller sees it: after a follow or an unfollow, with its new
    /// `following`.
    pub profile: Profile,
}

/// The profile of `username` as `viewer` sees it (`following` is false for anonymous viewers).
async fn profile(
    state: &AppState,
    username: &str,
    viewer: Option<i64>,
) -> Result<Profile, AppError> {
    let row = sqlx::query!(
        r#"SELECT u.username, u.bio, u.image,
                  EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $2 AND f.followed_id = u.id)
                      AS "following!"
           FROM users u WHERE u.username = $1"#,
        username,
        viewer,
    )
    .fetch_optional(&state.pool)
    .await?
    .ok_or(AppError::NotFound("profile"))?;
    Ok(Profile::new(
        row.username,
        row.bio,
        row.image,
        row.following,
    ))
}

// ANCHOR: show
/// `GET /api/profiles/{username}`
#[utoipa::path(
    get,
    operation_id = "GetProfileByUsername",
    path = "/profiles/{username}",
    tag = "Profile",
    params(("username" = String, Path, description = "The user's name")),
    security((), ("Token" = [])),
    responses(
        (status = 200, description = "The profile", body = ProfileResponse),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn show(
    State(state): State<AppState>,
    viewer: Option<AuthUser>,
    Path(username): Path<String>,
) -> Result<Json<ProfileResponse>, AppError> {
    let profile = profile(&state, &username, viewer.map(|viewer| viewer.id)).await?;
    Ok(Json(ProfileResponse { profile }))
}
// ANCHOR_END: show

/// `POST /api/profiles/{username}/follow`. Following twice is not an error: the result is the same.
#[utoipa::path(
    post,
    operation_id = "FollowUserByUsername",
    path = "/profiles/{username}/follow",
    tag = "Profile",
    params(("username" = String, Path, description = "The user's name")),
    security(("Token" = [])),
    responses(
        (status = 200, description = "The profile, followed", body = ProfileResponse),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn follow(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(username): Path<String>,
) -> Result<Json<ProfileResponse>, AppError> {
    // BEGIN EXERCISE 5.5
    let _ = (state, auth, username);
    todo!("exercise 5.5: the caller follows `username`; answer with the profile they now see")
    // END EXERCISE 5.5
}

/// `DELETE /api/profiles/{username}/follow`
#[utoipa::path(
    delete,
    operation_id = "UnfollowUserByUsername",
    path = "/profiles/{username}/follow",
    tag = "Profile",
    params(("username" = String, Path, description = "The user's name")),
    security(("Token" = [])),
    responses(
        (status = 200, description = "The profile, no longer followed", body = ProfileResponse),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn unfollow(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(username): Path<String>,
) -> Result<Json<ProfileResponse>, AppError> {
    // BEGIN EXERCISE 5.5
    let _ = (state, auth, username);
    todo!("exercise 5.5: the caller no longer follows `username`; answer with the profile")
    // END EXERCISE 5.5
}
