//! The course's own machinery, shared by the `cargo course` command, the exercise tests' failure
//! messages and the repository's checks.

pub mod book;
pub use course_catalog as catalog;
pub mod files;
pub mod hints;
pub mod measure;
pub mod queries;
pub mod regions;
pub mod runner;
pub mod starter;

pub use catalog::{Catalog, Exercise, Lesson};
