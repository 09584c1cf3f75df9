//! The local server starts (or is reused), and every test gets a migrated database of its own that
//! is gone when the test ends.

use local_postgres::TestDatabase;
use sqlx::migrate::Migrator;
use sqlx::{Connection, PgConnection};

static MIGRATOR: Migrator = sqlx::migrate!("tests/migrations");

async fn database_exists(url: &str, name: &str) -> bool {
    let mut admin = PgConnection::connect(url)
        .await
        .expect("the server accepts connections");
    sqlx::query_scalar::<_, bool>("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(name)
        .fetch_one(&mut admin)
        .await
        .expect("pg_database can be read")
}

#[tokio::test]
async fn each_test_database_is_migrated_separate_and_dropped() {
    let server = local_postgres::server_url().expect("a PostgreSQL server");
    let (first, second) = tokio::join!(
        TestDatabase::create(&MIGRATOR),
        TestDatabase::create(&MIGRATOR)
    );
    let (first, second) = (
        first.expect("a first database"),
        second.expect("a second database"),
    );
    assert_ne!(first.name(), second.name());

    sqlx::query("INSERT INTO greetings (text) VALUES ('hello')")
        .execute(first.pool())
        .await
        .expect("the migration created the table");
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM greetings")
        .fetch_one(second.pool())
        .await
        .expect("the second database has the table too");
    assert_eq!(
        count, 0,
        "a row written in one test's database showed up in another's"
    );

    let name = first.name().to_owned();
    drop(first);
    assert!(
        !database_exists(&server, &name).await,
        "{name} was left behind"
    );
}
