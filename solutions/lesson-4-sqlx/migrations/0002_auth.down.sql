DROP TABLE sessions;
DROP TABLE refresh_tokens;
