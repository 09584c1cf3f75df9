//! The resource: what a bookmark is, what a client sends to create one, and the rules it must obey.

use serde::{Deserialize, Serialize};

use crate::extract::{FieldErrors, Validate};

// ANCHOR: bookmark
/// A saved link. Ids are handed out in creation order, so a larger id is a newer bookmark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bookmark {
    pub id: u64,
    pub url: String,
    pub title: String,
    pub tags: Vec<String>,
}

/// The body of `POST /api/v1/bookmarks`. `tags` may be left out.
#[derive(Debug, Clone, Deserialize)]
pub struct NewBookmark {
    pub url: String,
    pub title: String,
    #[serde(default)]
    pub tags: Vec<String>,
}
// ANCHOR_END: bookmark

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_TAGS: usize = 10;

// ANCHOR: validate
impl Validate for NewBookmark {
    /// Collects every problem instead of stopping at the first, so a client can fix them all at once.
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if !(self.url.starts_with("http://") || self.url.starts_with("https://")) {
            errors.add("url", "must start with http:// or https://");
        }
        let title = self.title.trim();
        if title.is_empty() {
            errors.add("title", "must not be empty");
        } else if title.chars().count() > MAX_TITLE_CHARS {
            errors.add(
                "title",
                format!("must be at most {MAX_TITLE_CHARS} characters"),
            );
        }
        if self.tags.len() > MAX_TAGS {
            errors.add("tags", format!("at most {MAX_TAGS} tags"));
        }
        for tag in &self.tags {
            let well_formed = !tag.is_empty()
                && tag.len() <= 30
                && tag
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !well_formed {
                errors.add("tags", format!("`{tag}` is not 1 to 30 of a-z, 0-9 and -"));
            }
        }
        errors.into_result()
    }
}
// ANCHOR_END: validate
