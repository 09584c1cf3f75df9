use auth::password::verify_password;
use course_testkit::{attempt, fail};

use crate::support::{PASSWORD, PASSWORD_HASH};

fn expect(password: &str, phc: &str, expected: &str) {
    let call = format!("verify_password({password:?}, {phc:?})");
    let result = attempt("3.2", &call, expected, || verify_password(password, phc));
    let received = format!("{result:?}");
    if !received.starts_with(expected) {
        fail("3.2", &call, expected, &received);
    }
}

#[test]
fn ex3_02_the_right_password_verifies() {
    expect(PASSWORD, &PASSWORD_HASH, "Ok(true)");
}

#[test]
fn ex3_02_a_wrong_password_is_false_not_an_error() {
    expect("correct horse battery stapler", &PASSWORD_HASH, "Ok(false)");
}

#[test]
fn ex3_02_a_broken_hash_is_an_error() {
    expect(PASSWORD, "$argon2id$not-a-hash", "Err(");
}
