//! The exercise tests of Lesson 5, compiled into both `lesson-5` (the starter) and `capstone`
//! (the solution). Each test runs the API on a real server over a fresh database of its own.

#[path = "../../capstone/tests/common/server_binary.rs"]
mod server_binary;
#[path = "../../capstone/tests/common/sockets.rs"]
mod sockets;
mod support;

mod ex5_01_tokens;
mod ex5_02_articles;
mod ex5_03_metrics;
mod ex5_04_account;
mod ex5_05_relations;
mod ex5_06_etag;
mod ex5_07_slow_clients;
mod ex5_08_config;
mod ex5_09_readiness;
mod ex5_10_shutdown;
mod ex5_11_openapi;
