//! The bounds of every input field, in one place. Without them a client decides how much the
//! server stores and sends back: 20,000 tags on one article, each list of articles then weighing
//! hundreds of kilobytes, or a title too long for its index, which PostgreSQL refuses with an
//! error that would reach the client as a 500. Over a bound is a 422 that names the field.
//!
//! The body limit caps a whole request; these cap each field within it, at sizes no honest client
//! reaches.

use crate::error::AppError;

// ANCHOR: bounds
/// The most characters each text field may hold, by the name the API gives it.
pub const MAX_CHARS: &[(&str, usize)] = &[
    ("username", 64),
    // The longest address SMTP can deliver to (RFC 5321).
    ("email", 254),
    // Long passphrases welcome (NIST SP 800-63B asks for at least 64); each is hashed once.
    ("password", 128),
    ("bio", 2_000),
    ("image", 2_048),
    ("title", 200),
    ("description", 500),
    // An article's body, or a comment's.
    ("body", 100_000),
    // Each tag.
    ("tagList", 40),
];

/// The most tags an article may have.
pub const MAX_TAGS: usize = 20;
// ANCHOR_END: bounds

/// A 422 when `value` is longer than `field`'s bound in [`MAX_CHARS`].
pub fn check_length(field: &'static str, value: &str) -> Result<(), AppError> {
    let max = MAX_CHARS
        .iter()
        .find(|(name, _)| *name == field)
        .map_or(usize::MAX, |(_, max)| *max);
    if value.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("is too long (maximum is {max} characters)"),
        ));
    }
    Ok(())
}

/// A 422 for more than [`MAX_TAGS`] tags, or a tag over its bound.
pub fn check_tags(tags: &[String]) -> Result<(), AppError> {
    if tags.len() > MAX_TAGS {
        return Err(AppError::invalid(
            "tagList",
            format!("has too many tags (maximum is {MAX_TAGS})"),
        ));
    }
    tags.iter().try_for_each(|tag| check_length("tagList", tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bound_is_a_field_the_api_reads_once() {
        let mut names: Vec<_> = MAX_CHARS.iter().map(|(name, _)| *name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), MAX_CHARS.len(), "a field is bounded twice");
    }

    #[test]
    fn a_value_at_its_bound_passes_and_one_more_character_does_not() {
        assert!(check_length("title", &"é".repeat(200)).is_ok());
        assert!(check_length("title", &"é".repeat(201)).is_err());
        assert!(check_tags(&vec!["rust".to_owned(); MAX_TAGS]).is_ok());
        assert!(check_tags(&vec!["rust".to_owned(); MAX_TAGS + 1]).is_err());
    }
}
