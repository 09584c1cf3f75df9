//! The exercise tests of Lesson 2, compiled into both `lesson-2` (the starter) and `solution-2`.
//! Each test's name starts with its exercise's key: `cargo test -p lesson-2 ex2_03` runs the tests
//! of exercise 2.3. Timeouts, limits, compression and panics are tested against a real server on
//! 127.0.0.1; no test waits longer than a second.

mod support;

mod ex2_01_timing_service;
mod ex2_02_timing_layer;
mod ex2_03_api_key;
mod ex2_04_onion;
mod ex2_05_request_id;
mod ex2_06_trace;
mod ex2_07_handle_error;
mod ex2_08_panics;
mod ex2_09_load_control;
mod ex2_10_app;
