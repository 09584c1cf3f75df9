//! A running Conduit over a fresh database, and the requests the tests share.

use capstone::db::MIGRATOR;
use capstone::{AppState, Config};
use course_testkit::{Req, TestServer, build, fetch};
use local_postgres::TestDatabase;
use serde_json::{Value, json};

pub struct Conduit {
    pub server: TestServer,
    /// Held so the database lives as long as the server; dropped, it is dropped.
    _database: TestDatabase,
}

pub fn config() -> Config {
    Config::from_lookup(|_| None).expect("the default configuration is valid")
}

/// Conduit on a free port, built as exercise `id`'s test.
pub async fn conduit(id: &str) -> Conduit {
    conduit_with(id, &config()).await
}

pub async fn conduit_with(id: &str, config: &Config) -> Conduit {
    let db = TestDatabase::create(&MIGRATOR)
        .await
        .unwrap_or_else(|error| {
            panic!("\n\nLesson 5's tests need PostgreSQL, and none could be had:\n{error}\n")
        });
    let state = AppState::new(db.pool().clone(), config);
    let app = build(id, || capstone::app(state, config));
    let server = TestServer::start(app).await;
    Conduit {
        server,
        _database: db,
    }
}

impl Conduit {
    /// Registers `name` through the API; returns the answer's user object.
    pub async fn register(&self, id: &str, name: &str) -> Value {
        let body = json!({ "user": {
            "username": name, "email": format!("{name}@example.com"), "password": "password123" } });
        let reply = fetch(id, &self.server, Req::post("/api/users").json(&body)).await;
        reply.expect_status(axum::http::StatusCode::CREATED);
        reply.json()["user"].clone()
    }
}

pub fn token(user: &Value) -> String {
    format!("Token {}", user["token"].as_str().unwrap_or_default())
}
