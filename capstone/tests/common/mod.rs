//! A real server on 127.0.0.1:0 over a fresh database of the test's own, and the course's one
//! client for it: `course_testkit`'s `Req` and `Reply`, as in the exercise tests.

#![allow(dead_code)]

use axum::http::{Method, StatusCode};
use capstone::db::MIGRATOR;
use capstone::{Application, Config};
use course_testkit::{Reply, Req};
use local_postgres::TestDatabase;
use serde_json::{Value, json};
use std::net::SocketAddr;

pub mod server_binary;
pub mod sockets;

pub struct TestApp {
    pub addr: SocketAddr,
    /// Where its `/metrics` are served.
    pub metrics: SocketAddr,
    pub db: TestDatabase,
    _server: Running,
}

/// An instance of the application, stopped when this is dropped.
pub struct Running {
    pub addr: SocketAddr,
    pub metrics: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub fn config() -> Config {
    Config::from_vars([("BODY_LIMIT_BYTES", "16384")]).expect("the test configuration is valid")
}

/// A database of the test's own, migrated, with no server: for a test of what the database
/// decides (the rate limiter, a plan), or of a server it starts itself.
pub async fn database() -> TestDatabase {
    TestDatabase::create(&MIGRATOR)
        .await
        .unwrap_or_else(|error| {
            panic!("\n\nThe capstone's tests need PostgreSQL, and none could be had:\n{error}\n")
        })
}

/// Starts the application as `main` does (`Application::build`), configured with `config`, on
/// `db` and fresh ports.
async fn serve(db: &TestDatabase, config: &Config) -> Running {
    let any_port: SocketAddr = ([127, 0, 0, 1], 0).into();
    let config = Config {
        database_url: Some(db.url().into()),
        bind: any_port,
        metrics_bind: Some(any_port),
        ..config.clone()
    };
    let application = Application::build(&config)
        .await
        .unwrap_or_else(|error| panic!("the application starts: {error:#}"));
    let addr = application.address();
    let metrics = application.metrics_address().expect("the metrics are on");
    let task = tokio::spawn(async move {
        application
            .run_until(std::future::pending())
            .await
            .expect("the server runs");
    });
    Running {
        addr,
        metrics,
        task,
    }
}

impl TestApp {
    /// The application with the tests' configuration ([`config`]) on a fresh database.
    pub async fn start() -> Self {
        Self::start_with(&config()).await
    }

    /// The application configured with `config` on a fresh database.
    pub async fn start_with(config: &Config) -> Self {
        let db = database().await;
        let server = serve(&db, config).await;
        Self {
            addr: server.addr,
            metrics: server.metrics,
            db,
            _server: server,
        }
    }

    /// Sends `request` to this instance.
    pub async fn send(&self, request: Req) -> Reply {
        course_testkit::request(self.addr, request).await
    }

    /// Sends `body` (if any) as JSON with `token` (if any) and returns the status and JSON body
    /// (`Value::Null` for an empty body): the shape most of these tests read.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        self.call_on(self.addr, method, path, token, body).await
    }

    /// [`call`](Self::call), to the instance at `instance` (another one on this database).
    pub async fn call_on(
        &self,
        instance: SocketAddr,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = Req::new(method, path);
        if let Some(token) = token {
            request = request.header("authorization", &format!("Token {token}"));
        }
        if let Some(body) = &body {
            request = request.json(body);
        }
        let reply = course_testkit::request(instance, request).await;
        let json = if reply.body().is_empty() {
            Value::Null
        } else {
            reply.json()
        };
        (reply.status(), json)
    }

    /// Another instance of the application on this one's database, configured with `config`, as
    /// a load balancer would have two: what one decides, the other must see.
    pub async fn another_instance(&self, config: &Config) -> Running {
        serve(&self.db, config).await
    }

    /// Registers `name` (email `name@example.com`, password `password123`); returns the token.
    pub async fn register(&self, name: &str) -> String {
        let body = json!({ "user": { "username": name, "email": format!("{name}@example.com"), "password": "password123" } });
        let (status, body) = self
            .call(Method::POST, "/api/users", None, Some(body))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["user"]["token"].as_str().expect("a token").to_owned()
    }

    /// Publishes an article by the token's user; returns its slug.
    pub async fn publish(&self, token: &str, title: &str, tags: &[&str]) -> String {
        let body = json!({ "article": { "title": title, "description": "about it", "body": "the text", "tagList": tags } });
        let (status, body) = self
            .call(Method::POST, "/api/articles", Some(token), Some(body))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["article"]["slug"].as_str().expect("a slug").to_owned()
    }
}
