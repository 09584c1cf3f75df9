//! Which binary a test starts when it needs the server in a process of its own. One file, included
//! by the capstone's tests and by Lesson 5's exercise tests, which both packages compile.

/// The package's server binary: `capstone` in the capstone, `lesson-5` in Lesson 5's starter. Two
/// names, because cargo puts every binary of a workspace at `target/debug/<name>`: with one name
/// for both, building one overwrote the other, and a test could run the solution's server while it
/// meant to check the starter's.
pub const SERVER_BINARY: &str = match option_env!("CARGO_BIN_EXE_lesson-5") {
    Some(path) => path,
    None => match option_env!("CARGO_BIN_EXE_capstone") {
        Some(path) => path,
        None => panic!("compiled into a package with neither binary"),
    },
};
