DROP TRIGGER comments_announced ON comments;
DROP FUNCTION announce_comment();
