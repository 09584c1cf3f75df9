use std::net::IpAddr;
use std::time::Duration;

use capstone::rate_limit::RateLimiter;
use course_testkit::{attempt, fail};

#[test]
fn ex5_03_each_client_gets_the_limit_per_window() {
    let limiter = RateLimiter::new(2, Duration::from_secs(60));
    let (alice, bob) = (
        Some(IpAddr::from([10, 0, 0, 1])),
        Some(IpAddr::from([10, 0, 0, 2])),
    );
    let call =
        "limiter.check(alice) three times, then limiter.check(bob), with a limit of 2 a minute";
    let outcomes = attempt("5.3", call, "Ok, Ok, Err(time left), Ok", || {
        [
            limiter.check(alice),
            limiter.check(alice),
            limiter.check(alice),
            limiter.check(bob),
        ]
    });
    let refused_for = outcomes[2].err();
    let expected = outcomes[0].is_ok()
        && outcomes[1].is_ok()
        && refused_for
            .is_some_and(|wait| wait > Duration::from_secs(55) && wait <= Duration::from_secs(60))
        && outcomes[3].is_ok();
    if !expected {
        fail(
            "5.3",
            call,
            "Ok, Ok, Err(about 60 s), Ok",
            &format!("{outcomes:?}"),
        );
    }
}

/// Forgetting the windows of past clients keeps the map small; it must never forget a window that
/// is still running, or a refused client could come back at once.
#[test]
fn ex5_03_a_refused_client_stays_refused_when_the_map_is_pruned() {
    let limiter = RateLimiter::new(1, Duration::from_secs(60));
    let alice = Some(IpAddr::from([10, 0, 0, 1]));
    let call = "limiter.check(alice) twice, 10,001 other clients once, then alice again (limit 1)";
    let refused = attempt("5.3", call, "alice refused again", || {
        let _ = limiter.check(alice);
        let _ = limiter.check(alice);
        for n in 0..10_001_u32 {
            let _ = limiter.check(Some(IpAddr::from(std::net::Ipv4Addr::from((11 << 24) + n))));
        }
        limiter.check(alice).is_err()
    });
    if !refused {
        fail(
            "5.3",
            call,
            "alice refused again: her window is still running",
            "alice let through",
        );
    }
}

// When the map is pruned does not change an answer: pruning forgets only windows that are over,
// and a window that is over restarts on its client's next request anyway. These changes to the
// pruning only change how much memory the map holds:
// survivor: replace > with == in RateLimiter::check: when to prune changes memory, not answers
// survivor: replace > with < in RateLimiter::check: when to prune changes memory, not answers
// survivor: replace > with >= in RateLimiter::check: when to prune changes memory, not answers
// survivor: replace < with <= in RateLimiter::check: differs only for a window exactly 60 s old, to the nanosecond
