//! The fields of an update request (`PUT /api/user`, `PUT /api/articles/{slug}`), which may be
//! absent (leave it as it is), `null`, or a value. serde reads both absent and `null` as `None`;
//! [`nullable`] keeps them apart so each field can say what `null` means for it.

use serde::{Deserialize, Deserializer};

use crate::error::AppError;

/// For `#[serde(default, deserialize_with = "nullable")]` on an `Option<Option<T>>`: absent is
/// `None` (through `default`), `null` is `Some(None)`, a value is `Some(Some(value))`.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A field that may be left out but not cleared: `null` is a 422 that names it.
pub fn not_null<T>(field: &'static str, value: Option<Option<T>>) -> Result<Option<T>, AppError> {
    value
        .map(|value| value.ok_or_else(|| AppError::invalid(field, "can't be blank")))
        .transpose()
}

/// A field that may be cleared: `""` (or only spaces) clears it as `null` does, so an empty
/// profile field is stored, and answered, as `null`.
pub fn blank_as_null(value: Option<Option<String>>) -> Option<Option<String>> {
    value.map(|value| value.filter(|text| !text.trim().is_empty()))
}
