use capstone::Config;
use capstone::config::ConfigError;
use course_testkit::{attempt, fail};
use secrecy::ExposeSecret;

/// `Config::from_vars` over exactly these variables, as exercise 5.8's test.
fn config(call: &str, variables: &[(&str, &str)]) -> Result<Config, ConfigError> {
    attempt("5.8", call, "the configuration read", || {
        Config::from_vars(variables.iter().copied())
    })
}

/// A refusal naming `variable`, with `words` in its problem.
fn expect_refused(call: &str, outcome: Result<Config, ConfigError>, variable: &str, words: &str) {
    match outcome {
        Err(error) if error.variable == variable && error.problem.contains(words) => {}
        Err(error) => fail(
            "5.8",
            call,
            format!("Err naming {variable}: \"… {words} …\""),
            &format!("Err({error})"),
        ),
        Ok(config) => fail(
            "5.8",
            call,
            format!("Err naming {variable}: \"… {words} …\": the server must not start"),
            &format!("Ok({config:?})"),
        ),
    }
}

/// The development key is in this repository for anyone to read: a server in production must
/// never sign tokens with it, whether by leaving `JWT_SECRET` out or by copying the key.
#[test]
fn ex5_08_production_needs_a_signing_key_of_its_own() {
    let call = "Config::from_vars with APP_ENV=production and no JWT_SECRET";
    expect_refused(
        call,
        config(call, &[("APP_ENV", "production")]),
        "JWT_SECRET",
        "required",
    );
    let call = "Config::from_vars with APP_ENV=production and JWT_SECRET the development key";
    expect_refused(
        call,
        config(
            call,
            &[
                ("APP_ENV", "production"),
                ("JWT_SECRET", "conduit-development-secret-do-not-deploy"),
            ],
        ),
        "JWT_SECRET",
        "development",
    );
    let key = "a-production-key-of-forty-characters-000";
    let call = "Config::from_vars with APP_ENV=production and a JWT_SECRET of 40 characters";
    match config(call, &[("APP_ENV", "production"), ("JWT_SECRET", key)]) {
        Ok(config) if config.jwt_secret.expose_secret() == key => {}
        other => fail(
            "5.8",
            call,
            "Ok, signing with that key",
            &format!(
                "{:?}",
                other.map(|config| config.jwt_secret.expose_secret().len())
            ),
        ),
    }
}

/// A key shorter than HS256's output (32 bytes) makes the signature easier to guess, in any
/// environment; 32 bytes are enough.
#[test]
fn ex5_08_a_short_signing_key_is_refused_anywhere() {
    let key = "k".repeat(32);
    let call = "Config::from_vars with APP_ENV=production and a JWT_SECRET of exactly 32 bytes";
    if let Err(error) = config(call, &[("APP_ENV", "production"), ("JWT_SECRET", &key)]) {
        fail(
            "5.8",
            call,
            "Ok: 32 bytes are 256 bits",
            &format!("Err({error})"),
        );
    }
    for environment in ["development", "production"] {
        let call = format!("Config::from_vars with APP_ENV={environment} and JWT_SECRET=hunter2");
        expect_refused(
            &call,
            config(
                &call,
                &[("APP_ENV", environment), ("JWT_SECRET", "hunter2")],
            ),
            "JWT_SECRET",
            "at least 32",
        );
    }
}

/// A misspelt environment must not quietly mean development, with its public key and its
/// generous limits.
#[test]
fn ex5_08_an_unknown_environment_is_refused() {
    let call = "Config::from_vars with APP_ENV=prod";
    expect_refused(
        call,
        config(call, &[("APP_ENV", "prod")]),
        "APP_ENV",
        "`prod`",
    );
}
