use std::time::Duration;

use course_testkit::{attempt, fail};
use database::db::{PoolConfig, pool_options};

use crate::support::database;

fn config() -> PoolConfig {
    PoolConfig {
        max_connections: 1,
        min_connections: 0,
        acquire_timeout: Duration::from_millis(200),
        idle_timeout: Duration::from_secs(42),
        max_lifetime: Duration::from_secs(420),
    }
}

#[tokio::test]
async fn ex4_01_the_pool_takes_its_settings_from_the_config() {
    let config = config();
    let options = attempt("4.1", "pool_options(&config)", "pool options", || {
        pool_options(&config)
    });
    let seen = (
        options.get_max_connections(),
        options.get_min_connections(),
        options.get_acquire_timeout(),
        options.get_idle_timeout(),
        options.get_max_lifetime(),
    );
    let wanted = (
        1,
        0,
        config.acquire_timeout,
        Some(config.idle_timeout),
        Some(config.max_lifetime),
    );
    if seen != wanted {
        fail(
            "4.1",
            "pool_options(&config)",
            format!("(max, min, acquire timeout, idle timeout, max lifetime) = {wanted:?}"),
            &format!("{seen:?}"),
        );
    }
}

#[tokio::test]
async fn ex4_01_a_full_pool_times_out_instead_of_waiting_forever() {
    let db = database().await;
    let config = config();
    let options = attempt("4.1", "pool_options(&config)", "pool options", || {
        pool_options(&config)
    });
    let pool = options.connect_lazy_with(db.connect_options());
    let held = pool.acquire().await.expect("the first connection");
    let second = tokio::time::timeout(Duration::from_secs(1), pool.acquire()).await;
    drop(held);
    if !matches!(second, Ok(Err(sqlx::Error::PoolTimedOut))) {
        fail(
            "4.1",
            "a second acquire() on a pool of one connection that is in use",
            "Err(PoolTimedOut) after the 200 ms acquire timeout",
            &format!("{second:?}"),
        );
    }
}
