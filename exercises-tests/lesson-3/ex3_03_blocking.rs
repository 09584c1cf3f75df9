use std::sync::{Arc, Mutex, PoisonError};

use auth::password::{hash_in_background, verify_in_background, verify_password};
use course_testkit::{attempt_async, fail};

use crate::support::{PASSWORD, PASSWORD_HASH};

/// On a runtime with a single thread, starts `work` and then a task that only records "other".
/// If `work` hashes on that thread, it finishes first; on the blocking pool, "other" goes first.
async fn order_of<F>(work: F) -> Vec<&'static str>
where
    F: Future<Output = ()> + Send + 'static,
{
    let order = Arc::new(Mutex::new(Vec::new()));
    let record = |order: &Arc<Mutex<Vec<&'static str>>>, what| {
        order
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(what);
    };
    let hashing = {
        let order = order.clone();
        tokio::spawn(async move {
            work.await;
            record(&order, "hash");
        })
    };
    let other = {
        let order = order.clone();
        tokio::spawn(async move { record(&order, "other") })
    };
    let _ = (hashing.await, other.await);
    order.lock().unwrap_or_else(PoisonError::into_inner).clone()
}

#[tokio::test(flavor = "current_thread")]
async fn ex3_03_hashing_leaves_the_runtime_free() {
    let call = "hash_in_background(..) beside another task on a one-thread runtime";
    let expected = "the other task to finish first: the hash runs on the blocking pool";
    let hashed = attempt_async("3.3", call, expected, hash_in_background(PASSWORD.into())).await;
    if !hashed.is_ok_and(|phc| verify_password(PASSWORD, &phc).unwrap_or(false)) {
        fail("3.3", call, "a hash of the password", "something else");
    }
    let order = order_of(async {
        let _ = hash_in_background(PASSWORD.into()).await;
    })
    .await;
    if order != ["other", "hash"] {
        fail("3.3", call, expected, &format!("the order {order:?}"));
    }
}

#[tokio::test(flavor = "current_thread")]
async fn ex3_03_verifying_leaves_the_runtime_free() {
    let call = "verify_in_background(..) beside another task on a one-thread runtime";
    let expected = "the other task to finish first: the hash runs on the blocking pool";
    let verified = attempt_async(
        "3.3",
        call,
        expected,
        verify_in_background(PASSWORD.into(), PASSWORD_HASH.clone()),
    )
    .await;
    if !matches!(verified, Ok(true)) {
        fail(
            "3.3",
            call,
            "Ok(true) for the right password",
            &format!("{verified:?}"),
        );
    }
    let order = order_of(async {
        let _ = verify_in_background(PASSWORD.into(), PASSWORD_HASH.clone()).await;
    })
    .await;
    if order != ["other", "hash"] {
        fail("3.3", call, expected, &format!("the order {order:?}"));
    }
}
