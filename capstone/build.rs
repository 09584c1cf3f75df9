//! The checked queries compile from the committed query data (`.sqlx/`), as a production build's do:
//! no database at build time, and none picked up by accident from a `DATABASE_URL` in the shell
//! that names some other schema. The one build that checks them against a database is the one that
//! writes that data, and says where with `SQLX_OFFLINE_DIR` (`cargo course maintain
//! prepare-queries`, or `cargo sqlx prepare`).

fn main() {
    println!("cargo::rerun-if-env-changed=SQLX_OFFLINE_DIR");
    if std::env::var_os("SQLX_OFFLINE_DIR").is_none() {
        println!("cargo::rustc-env=SQLX_OFFLINE=true");
    }
}
