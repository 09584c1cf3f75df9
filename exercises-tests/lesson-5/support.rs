//! A running Conduit over a fresh database, and the requests the tests share.

use capstone::db::MIGRATOR;
use capstone::{Application, Config};
use course_testkit::{Reply, Req, TestServer, attempt_async, fetch};
use local_postgres::TestDatabase;
use serde_json::{Value, json};

pub struct Conduit {
    pub server: TestServer,
    /// Where its `/metrics` are served (a listener of their own).
    pub metrics: std::net::SocketAddr,
    /// Held so the database lives as long as the server; dropped, it is dropped.
    database: TestDatabase,
}

pub fn config() -> Config {
    Config::from_settings(Default::default()).expect("the default configuration is valid")
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
    let config = Config {
        database_url: Some(db.url().into()),
        ..on_free_ports(config)
    };
    let application = attempt_async(id, "building the app", "the app to be built", async move {
        Application::build(&config).await
    })
    .await
    .unwrap_or_else(|error| panic!("\n\nConduit did not start: {error:#}\n"));
    let metrics = application
        .metrics_address()
        .expect("the tests' configuration serves metrics");
    Conduit {
        server: serve(application),
        metrics,
        database: db,
    }
}

/// `config` listening on ports the system picks, so that tests run side by side.
fn on_free_ports(config: &Config) -> Config {
    let any_port = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    Config {
        bind: any_port,
        metrics_bind: Some(any_port),
        ..config.clone()
    }
}

/// Runs `application` until the returned server is dropped.
pub fn serve(application: Application) -> TestServer {
    TestServer::spawn(application.address(), async move {
        let _ = application.run_until(std::future::pending()).await;
    })
}

/// Conduit with `config`, serving `extra` routes beside its own (as Lesson 6 does), until
/// [`Stoppable::stop`] asks it to stop, the way a signal does.
pub async fn stoppable(
    id: &str,
    config: &Config,
    extra: impl FnOnce(&capstone::AppState) -> axum::Router + Send + 'static,
) -> Stoppable {
    let db = TestDatabase::create(&MIGRATOR)
        .await
        .unwrap_or_else(|error| {
            panic!("\n\nLesson 5's tests need PostgreSQL, and none could be had:\n{error}\n")
        });
    let config = Config {
        metrics_bind: None,
        ..on_free_ports(config)
    };
    let pool = db.pool().clone();
    let application = attempt_async(id, "building the app", "the app to be built", async move {
        Application::with_routes(&config, pool, extra).await
    })
    .await
    .unwrap_or_else(|error| panic!("\n\nConduit did not start: {error:#}\n"));
    let addr = application.address();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(application.run_until(async move {
        let _ = stopped.await;
    }));
    Stoppable {
        addr,
        stop: Some(stop),
        running,
        _database: db,
    }
}

/// A running Conduit that a test stops.
pub struct Stoppable {
    pub addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    running: tokio::task::JoinHandle<anyhow::Result<()>>,
    _database: TestDatabase,
}

impl Stoppable {
    /// Asks it to stop, and waits up to `patience` for `run_until` to return: how long it took,
    /// or `None` if it still ran then. A panic in the server (a `todo!()`) is raised here.
    pub async fn stop(&mut self, patience: std::time::Duration) -> Option<std::time::Duration> {
        let asked = std::time::Instant::now();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match tokio::time::timeout(patience, &mut self.running).await {
            Ok(Ok(_)) => Some(asked.elapsed()),
            Ok(Err(error)) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            Ok(Err(_)) => Some(asked.elapsed()),
            Err(_) => None,
        }
    }
}

impl Drop for Stoppable {
    fn drop(&mut self) {
        self.running.abort();
    }
}

/// Conduit over `pool`, a database that is down or hangs, built as exercise `id`'s test.
pub async fn conduit_over(id: &str, pool: sqlx::PgPool) -> TestServer {
    let config = on_free_ports(&config());
    let application = attempt_async(id, "building the app", "the app to be built", async move {
        Application::with_pool(&config, pool).await
    })
    .await
    .unwrap_or_else(|error| panic!("\n\nConduit did not start: {error:#}\n"));
    serve(application)
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

    /// Logs in with `email` and `password`, as exercise `id`'s test.
    pub async fn log_in(&self, id: &str, email: &str, password: &str) -> Reply {
        let login = json!({ "user": { "email": email, "password": password } });
        fetch(id, &self.server, Req::post("/api/users/login").json(&login)).await
    }

    /// Runs `statement` on the database directly: how a test writes the rows a later exercise's
    /// endpoint would write, so that it needs no later exercise.
    pub async fn sql(&self, statement: &'static str) {
        sqlx::raw_sql(statement)
            .execute(self.database.pool())
            .await
            .unwrap_or_else(|error| panic!("{statement}: {error}"));
    }

    /// Publishes an article titled `title` by `author` (a user object); returns its slug.
    pub async fn publish(&self, id: &str, author: &Value, title: &str, tags: &[&str]) -> String {
        let body = json!({ "article": {
            "title": title, "description": "d", "body": "b", "tagList": tags } });
        let request = signed_in(Req::post("/api/articles"), author).json(&body);
        let reply = fetch(id, &self.server, request).await;
        reply.expect_status(axum::http::StatusCode::CREATED);
        reply.json()["article"]["slug"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

/// `request`, sent as `user` (a user object) with the token they were given.
pub fn signed_in(request: Req, user: &Value) -> Req {
    request.header("authorization", &token(user))
}

pub fn token(user: &Value) -> String {
    format!("Token {}", user["token"].as_str().unwrap_or_default())
}
