//! Serves the lesson's API on http://127.0.0.1:3000 so you can try it with curl while you work.

use routing::{AppState, app};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app(AppState::default())).await
}
