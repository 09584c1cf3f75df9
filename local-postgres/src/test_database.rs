//! A database per test: created empty, migrated, dropped when the test ends.

use sqlx::PgPool;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::databases::{admin, create_if_missing, drop_database};
use crate::server::server_url;

/// A fresh database, migrated, with a pool on it. Dropping it drops the database (with
/// `WITH (FORCE)`, which ends the pool's connections), also when the test panicked.
pub struct TestDatabase {
    pool: PgPool,
    name: String,
    server: String,
}

impl TestDatabase {
    /// Creates `test_<random>` on the server [`server_url`] names and runs `migrator` on it.
    pub async fn create(migrator: &Migrator) -> Result<Self, String> {
        let server = tokio::task::spawn_blocking(server_url)
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
        let name = format!("test_{}", uuid::Uuid::new_v4().simple());
        let (mut admin, options) = admin(&server).await.map_err(|e| e.to_string())?;
        create_if_missing(&mut admin, &name)
            .await
            .map_err(|e| format!("cannot create a test database: {e}"))?;
        let options = options.database(&name);
        let database = Self {
            pool: PgPoolOptions::new()
                .max_connections(5)
                .connect_lazy_with(options),
            name,
            server,
        };
        migrator
            .run(&database.pool)
            .await
            .map_err(|e| format!("the migrations failed: {e}"))?;
        Ok(database)
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Options for more connections to this database, for a pool configured by the test.
    pub fn connect_options(&self) -> PgConnectOptions {
        self.pool.connect_options().as_ref().clone()
    }

    /// The URL of this database.
    pub fn url(&self) -> String {
        crate::database_url(&self.server, &self.name)
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
        // Drop cannot await, and the test's runtime may be gone: a thread with its own runtime.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let (mut admin, _) = admin(&server).await.ok()?;
                drop_database(&mut admin, &name).await.ok()
            })
        });
        let _ = dropped.join();
    }
}
