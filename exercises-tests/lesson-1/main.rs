//! The exercise tests of Lesson 1, compiled into both `lesson-1` (the starter) and `solution-1`.
//! Each test's name starts with its exercise's key: `cargo test -p lesson-1 ex1_04` runs the tests
//! of exercise 1.4.

mod support;

mod ex1_01_first_handler;
mod ex1_02_method_routing;
mod ex1_03_error_type;
mod ex1_04_path;
mod ex1_05_pagination;
mod ex1_06_list;
mod ex1_07_validated_json;
mod ex1_08_create;
mod ex1_09_app;
mod ex1_10_rejections;
