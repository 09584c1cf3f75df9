//! The article queries stay fast as the data grows: on a database seeded to a realistic size, the
//! planner answers every list (newest, by tag, by author, favorited by, the feed) and every count
//! from the indexes, with no sequential scan of a large table. A missing index, or a filter written
//! so that no index can serve it, fails here rather than in production at ten thousand articles.
//!
//! The queries are the capstone's own, read from its offline query data (`capstone/.sqlx/`, written
//! by `cargo course maintain prepare-queries`), so this test checks the exact text the server
//! sends; compiled into Lesson 5's starter, it still checks the capstone's.

use std::path::{Path, PathBuf};

use capstone::db::MIGRATOR;
use local_postgres::TestDatabase;
use serde_json::Value;
use sqlx::Row;

/// The tables that grow with every article: a sequential scan of one of them costs more with each
/// one written. (`users`, at 1,000 rows here, is left out: hashing a table that small is the
/// planner's right choice, and it turns to index lookups by itself as the table grows.)
const LARGE: &[&str] = &[
    "articles",
    "article_tags",
    "favorites",
    "follows",
    "comments",
];

/// One of the capstone's checked queries: its text and its parameters' PostgreSQL types.
struct Checked {
    sql: String,
    parameters: Vec<&'static str>,
}

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|dir| dir.join("course.toml").is_file())
        .expect("this test is compiled inside the course's repository")
        .to_path_buf()
}

/// The capstone's query whose text contains every one of `marks`.
fn query(marks: &[&str]) -> Checked {
    let dir = repository().join("capstone").join(".sqlx");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut found = Vec::new();
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        let text = std::fs::read_to_string(&path).expect("query data reads");
        let data: Value = serde_json::from_str(&text).expect("query data is JSON");
        let sql = data["query"].as_str().unwrap_or_default();
        if marks.iter().all(|mark| sql.contains(mark)) {
            let parameters = data["describe"]["parameters"]["Left"]
                .as_array()
                .map(|types| {
                    types
                        .iter()
                        .map(|t| match t.as_str() {
                            Some("Int8") => "bigint",
                            Some("Text") => "text",
                            other => panic!("a parameter of type {other:?}: add it here"),
                        })
                        .collect()
                })
                .unwrap_or_default();
            found.push(Checked {
                sql: sql.to_owned(),
                parameters,
            });
        }
    }
    assert_eq!(
        found.len(),
        1,
        "exactly one query in {} contains {marks:?}; if the query changed, update the marks (or \
         run `cargo course maintain prepare-queries`)",
        dir.display()
    );
    found.remove(0)
}

/// The plan PostgreSQL makes for `query` with `arguments` (SQL literals, in order), as the server
/// gets it: a prepared statement executed with those values.
async fn plan(db: &TestDatabase, name: &str, query: &Checked, arguments: &[&str]) -> Value {
    let mut connection = db.pool().acquire().await.expect("a connection");
    let listed = |items: &[&str]| match items {
        [] => String::new(),
        items => format!(" ({})", items.join(", ")),
    };
    let prepare = format!(
        "PREPARE {name}{} AS {}",
        listed(&query.parameters),
        query.sql
    );
    // Both statements are made of the capstone's own query text and this file's literals: nothing
    // from outside, so nothing to inject.
    sqlx::raw_sql(sqlx::AssertSqlSafe(prepare))
        .execute(&mut *connection)
        .await
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let explain = format!("EXPLAIN (FORMAT JSON) EXECUTE {name}{}", listed(arguments));
    let row = sqlx::query(sqlx::AssertSqlSafe(explain))
        .fetch_one(&mut *connection)
        .await
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    // A `json` value travels as its text, so it reads as a string without sqlx's `json` feature.
    let text: String = row
        .try_get_unchecked(0)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: the plan is not JSON: {e}"))
}

/// What is wrong with the plan of `query` with `arguments`, if it reads a large table from start to
/// end: the tables, and the plan to see why.
async fn scan_problem(
    db: &TestDatabase,
    name: &str,
    query: &Checked,
    arguments: &[&str],
) -> Option<String> {
    let shown = plan(db, name, query, arguments).await;
    let scans = sequential_scans(&shown);
    (!scans.is_empty()).then(|| format!("{name}: scans {scans:?}\n{shown:#}"))
}

/// The large tables that `plan` reads from start to end.
fn sequential_scans(plan: &Value) -> Vec<String> {
    fn walk(node: &Value, found: &mut Vec<String>) {
        if node["Node Type"] == "Seq Scan" {
            let table = node["Relation Name"].as_str().unwrap_or_default();
            if LARGE.contains(&table) {
                found.push(table.to_owned());
            }
        }
        for child in node["Plans"].as_array().into_iter().flatten() {
            walk(child, found);
        }
    }
    let mut found = Vec::new();
    walk(&plan[0]["Plan"], &mut found);
    found
}

#[tokio::test]
async fn article_lists_and_counts_use_the_indexes() {
    let db = TestDatabase::create(&MIGRATOR)
        .await
        .unwrap_or_else(|error| panic!("\n\nThis test needs PostgreSQL:\n{error}\n"));
    sqlx::raw_sql(include_str!("seed.sql"))
        .execute(db.pool())
        .await
        .unwrap_or_else(|e| panic!("seeding (tests/seed.sql): {e}"));
    sqlx::raw_sql("VACUUM ANALYZE")
        .execute(db.pool())
        .await
        .unwrap_or_else(|e| panic!("VACUUM ANALYZE after the seed: {e}"));
    let list = query(&["FROM articles a JOIN users u", "LIMIT $7 OFFSET $8"]);
    let count = query(&[
        "SELECT count(*) AS \"count!\"",
        "FROM articles a JOIN users u",
    ]);

    // (name, the list's arguments: viewer, slug, tag, author, favorited by, feed of, limit, offset)
    let cases: [(&str, [&str; 8]); 7] = [
        (
            "newest",
            ["NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "20", "0"],
        ),
        (
            "newest_as_a_user",
            ["42", "NULL", "NULL", "NULL", "NULL", "NULL", "20", "0"],
        ),
        (
            "deep_page",
            ["NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "20", "500"],
        ),
        (
            "by_tag",
            ["42", "NULL", "'tag-7'", "NULL", "NULL", "NULL", "20", "0"],
        ),
        (
            "by_author",
            ["42", "NULL", "NULL", "'user-42'", "NULL", "NULL", "20", "0"],
        ),
        (
            "favorited_by",
            ["42", "NULL", "NULL", "NULL", "'user-42'", "NULL", "20", "0"],
        ),
        (
            "feed",
            ["42", "NULL", "NULL", "NULL", "NULL", "42", "20", "0"],
        ),
    ];
    let mut problems = Vec::new();
    for (name, arguments) in cases {
        problems.extend(scan_problem(&db, &format!("list_{name}"), &list, &arguments).await);
        // The count takes the same filters (tag, author, favorited by, feed of), without the page.
        // All articles, and the articles with one tag, are counted by the database as they are
        // written (`count` reads those counts); the other filters are counted by this query.
        let filters = &arguments[2..6];
        if filters[1..].iter().any(|argument| *argument != "NULL") {
            problems.extend(scan_problem(&db, &format!("count_{name}"), &count, filters).await);
        }
    }
    let one = [
        "42",
        "'article-4242'",
        "NULL",
        "NULL",
        "NULL",
        "NULL",
        "1",
        "0",
    ];
    problems.extend(scan_problem(&db, "one_article", &list, &one).await);
    let tags = query(&["FROM tag_counts ORDER BY uses DESC"]);
    problems.extend(scan_problem(&db, "tags", &tags, &[]).await);
    assert!(
        problems.is_empty(),
        "sequential scans of large tables:\n\n{}",
        problems.join("\n\n")
    );
}
