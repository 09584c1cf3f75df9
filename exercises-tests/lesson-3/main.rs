//! The exercise tests of Lesson 3, compiled into both `lesson-3` (the starter) and `solution-3`.
//! Each test's name starts with its exercise's key: `cargo test -p lesson-3 ex3_06` runs the tests
//! of exercise 3.6. Fixtures (users, tokens) are made here with the libraries directly, so each
//! exercise's tests exercise that exercise's code.

mod support;

mod ex3_01_hash;
mod ex3_02_verify;
mod ex3_03_blocking;
mod ex3_04_login;
mod ex3_05_issue;
mod ex3_06_verify_jwt;
mod ex3_07_auth_user;
mod ex3_08_roles;
mod ex3_09_refresh;
mod ex3_10_sessions;
