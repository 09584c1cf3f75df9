//! Serves the lesson's API on http://127.0.0.1:3000 with the development configuration.

use auth::{AppState, AuthConfig, app};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let state = AppState::in_memory(AuthConfig::for_development());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app(state)).await
}
