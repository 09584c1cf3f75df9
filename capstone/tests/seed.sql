-- The data the plan test (tests/plans.rs) and the benchmark (bench/) run on: 1,000 users, 10,000
-- articles with three of 50 tags each, 30,000 favorites, 10,000 follows and 20,000 comments,
-- spread the same way on every run. Users' password hashes are not hashes: nobody logs in as them.
-- Both run `VACUUM ANALYZE` after it (it cannot run in this one multi-statement query): the counts'
-- triggers leave 30,000 dead rows behind in `tag_counts`'s 50, which autovacuum clears in a
-- database that has been running, and a benchmark run on them would scan 160 pages per
-- `/api/tags`.
INSERT INTO users (username, email, password_hash)
     SELECT 'user-' || n, 'user-' || n || '@example.com', 'not a hash'
     FROM generate_series(1::bigint, 1000) n;

INSERT INTO articles (slug, author_id, title, description, body, created_at)
     SELECT 'article-' || n, 1 + (n * 7919) % 1000, 'Article ' || n, 'about ' || n, 'text',
            now() - n * interval '1 minute'
     FROM generate_series(1::bigint, 10000) n;

INSERT INTO article_tags (article_id, tag)
     SELECT a.id, 'tag-' || ((a.id * k * 31) % 50)
     FROM articles a, generate_series(1, 3) k
     ON CONFLICT DO NOTHING;

INSERT INTO favorites (user_id, article_id)
     SELECT 1 + (n * 104729) % 1000, 1 + (n * 7) % 10000 FROM generate_series(1::bigint, 30000) n
     ON CONFLICT DO NOTHING;

INSERT INTO follows (follower_id, followed_id)
     SELECT 1 + n % 1000, 1 + (n * 613) % 1000 FROM generate_series(1::bigint, 10000) n
     WHERE 1 + n % 1000 <> 1 + (n * 613) % 1000
     ON CONFLICT DO NOTHING;

INSERT INTO comments (article_id, author_id, body)
     SELECT 1 + (n * 13) % 10000, 1 + n % 1000, 'a comment' FROM generate_series(1::bigint, 20000) n;
