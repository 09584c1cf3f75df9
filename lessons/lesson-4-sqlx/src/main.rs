//! Serves the lesson's API on http://127.0.0.1:3000, on `DATABASE_URL` or the course's local
//! PostgreSQL, migrating the database first.

use database::db::{PoolConfig, connect};
use database::{AppState, app};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = local_postgres::server_url()?;
    let pool = connect(&url, &PoolConfig::default()).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app(AppState { pool })).await?;
    Ok(())
}
