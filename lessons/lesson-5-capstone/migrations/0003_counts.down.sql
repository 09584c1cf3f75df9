DROP TRIGGER articles_counted ON articles;
DROP FUNCTION count_articles();
DROP TABLE article_count;
DROP TRIGGER article_tags_counted ON article_tags;
DROP FUNCTION count_tag_uses();
DROP TABLE tag_counts;
