-- Every new comment is announced on the channel `comments` (its id and its article's slug), to
-- every connection that LISTENs, whichever instance wrote it: Lesson 6's live routes send it to
-- their clients. A NOTIFY is delivered when its transaction commits, and not at all if it rolls
-- back, so a client is never told of a comment that does not exist.
CREATE FUNCTION announce_comment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(
        'comments',
        json_build_object(
            'id', NEW.id,
            'slug', (SELECT slug FROM articles WHERE id = NEW.article_id)
        )::text
    );
    RETURN NULL;
END
$$;

CREATE TRIGGER comments_announced AFTER INSERT ON comments
    FOR EACH ROW EXECUTE FUNCTION announce_comment();
