//! A JSON body that is both well-formed and valid before the handler ever sees it.

use std::collections::BTreeMap;

use axum::extract::{FromRequest, Request};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

// ANCHOR: validate
/// Rules a value must obey beyond what its type says: a URL's scheme, a title's length.
pub trait Validate {
    fn validate(&self) -> Result<(), FieldErrors>;
}

/// Problems by field name, serialised as `{"title": ["must not be empty"]}`.
#[derive(Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(BTreeMap<&'static str, Vec<String>>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.entry(field).or_default().push(message.into());
    }

    pub fn into_result(self) -> Result<(), Self> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}
// ANCHOR_END: validate

// ANCHOR: validated_json
/// Like `Json<T>`, and then `T::validate`: a handler taking `ValidatedJson<NewBookmark>` only runs
/// for a body it can use.
#[derive(Debug)]
pub struct ValidatedJson<T>(pub T);

impl<T, S> FromRequest<S> for ValidatedJson<T>
where
    T: DeserializeOwned + Validate,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // BEGIN EXERCISE 1.7
        let super::Json(value) = super::Json::<T>::from_request(req, state).await?;
        value.validate().map_err(ApiError::Validation)?;
        Ok(Self(value))
        // END EXERCISE 1.7
    }
}
// ANCHOR_END: validated_json
