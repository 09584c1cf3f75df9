use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use course_testkit::{attempt_async, fail};
use database::repo;
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};

use crate::support::{add_bookmarks, add_user, database};

/// Counts the statements SQLx runs: it reports each one as a tracing event with the target
/// `sqlx::query`.
#[derive(Clone, Default)]
struct QueryCounter(Arc<AtomicUsize>);

impl<S: tracing::Subscriber> Layer<S> for QueryCounter {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn ex4_09_tags_of_many_bookmarks_take_two_queries() {
    let db = database().await;
    let owner = add_user(db.pool(), "alice@example.com").await;
    add_bookmarks(db.pool(), owner, 10).await;
    sqlx::query("SELECT 1")
        .execute(db.pool())
        .await
        .expect("the pool's connection is open before counting");

    let counter = QueryCounter::default();
    let subscriber = tracing_subscriber::registry().with(counter.clone());
    // The runtime has one thread, so every query of the call below is counted by this subscriber.
    let _guard = tracing::subscriber::set_default(subscriber);
    let pool = db.pool().clone();
    let call = "repo::with_tags(&pool, 10) for 10 bookmarks with 2 tags each";
    let result = attempt_async("4.9", call, "10 bookmarks with their tags", async move {
        repo::with_tags(&pool, 10).await
    })
    .await;
    let queries = counter.0.load(Ordering::SeqCst);

    let tagged =
        result.unwrap_or_else(|error| fail("4.9", call, "Ok(bookmarks)", &format!("Err({error})")));
    let complete = tagged.len() == 10
        && tagged.iter().all(|b| {
            let n = b.bookmark.url.rsplit('/').next().unwrap_or_default();
            b.tags == ["common".to_owned(), format!("tag-{n}")]
        });
    if !complete {
        fail(
            "4.9",
            call,
            "each bookmark with its tags [common, tag-<n>], sorted",
            &format!("{tagged:?}"),
        );
    }
    if queries > 2 {
        fail(
            "4.9",
            call,
            "at most 2 queries: the bookmarks, then the tags of all of them with = ANY($1)",
            &format!("{queries} queries"),
        );
    }
}
