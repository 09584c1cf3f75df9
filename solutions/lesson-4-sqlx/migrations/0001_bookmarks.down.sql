-- Undo 0001 completely, dependents first.
-- BEGIN EXERCISE 4.2
DROP TABLE tags;
DROP TABLE bookmarks;
DROP TABLE users;
-- END EXERCISE 4.2
