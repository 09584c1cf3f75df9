//! The course's own machinery, shared by the `cargo course` command, the exercise tests' failure
//! messages and the repository's checks.

pub mod catalog;

pub use catalog::{Catalog, Exercise, Lesson};
