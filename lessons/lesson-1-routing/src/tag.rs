//! Validation in the type: a [`Tag`] can only hold a well-formed tag, because the only ways to
//! make one check it. Code that receives a `Tag` never checks again, and cannot forget to.

use std::fmt;

use serde::{Deserialize, Serialize};

// ANCHOR: tag
/// 1 to 30 of `a-z`, `0-9` and `-`. The field is private: outside this module a `Tag` is made by
/// `Tag::try_from(text)` or `text.parse()`, or by serde, which `try_from` routes through the same
/// check, so a JSON body or a path segment with a bad tag is refused where it is read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tag(String);

/// Why a text is not a tag: serde shows it in its rejection, as the field's error.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not 1 to 30 of a-z, 0-9 and -")]
pub struct NotATag(String);

impl TryFrom<String> for Tag {
    type Error = NotATag;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let well_formed = (1..=30).contains(&text.len())
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if well_formed {
            Ok(Self(text))
        } else {
            Err(NotATag(text))
        }
    }
}
// ANCHOR_END: tag

impl std::str::FromStr for Tag {
    type Err = NotATag;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::try_from(text.to_owned())
    }
}

impl From<Tag> for String {
    fn from(tag: Tag) -> Self {
        tag.0
    }
}

impl Tag {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

// ANCHOR: tagged
/// A handler that takes a `Tag` from the path: `GET /tags/Not%20a%20tag` never reaches its body
/// (the `Path` extractor refuses it with a 400), so the body has nothing to check.
pub async fn tagged(axum::extract::Path(tag): axum::extract::Path<Tag>) -> String {
    format!("bookmarks tagged {tag}")
}
// ANCHOR_END: tagged
