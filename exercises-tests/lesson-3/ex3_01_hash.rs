use auth::password::hash_password;
use course_testkit::{attempt, fail};

fn hash(password: &str) -> String {
    let call = format!("hash_password({password:?})");
    match attempt("3.1", &call, "a PHC string", || hash_password(password)) {
        Ok(phc) => phc,
        Err(error) => fail("3.1", &call, "a PHC string", &format!("Err({error})")),
    }
}

#[test]
fn ex3_01_hashes_with_argon2id_and_owasp_parameters() {
    let phc = hash("hunter2hunter2");
    let prefix = "$argon2id$v=19$m=19456,t=2,p=1$";
    if !phc.starts_with(prefix) {
        fail(
            "3.1",
            "hash_password(\"hunter2hunter2\")",
            format!("a PHC string starting with {prefix}"),
            &phc,
        );
    }
}

#[test]
fn ex3_01_every_hash_has_its_own_salt() {
    let (first, second) = (hash("same password"), hash("same password"));
    if first == second {
        fail(
            "3.1",
            "hash_password(\"same password\") twice",
            "two different hashes (a random salt each time)",
            &format!("{first} twice"),
        );
    }
}
