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
