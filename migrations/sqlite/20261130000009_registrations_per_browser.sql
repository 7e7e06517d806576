-- A pending registration belongs to the browser that started it (issue 15): a second
-- registration of the same login from another browser is a row of its own and can never
-- decide the password of the cabinet the first browser confirms. The browser holds a
-- random key in its session; only its hash is kept here. Pending registrations live ten
-- minutes, so the table is made anew rather than copied.
DROP TABLE registrations;
CREATE TABLE registrations (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL,
    browser_key_hash TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    link_token_hash TEXT UNIQUE,
    expires_at BIGINT NOT NULL,
    wrong_attempts BIGINT NOT NULL DEFAULT 0,
    sent_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX registrations_login ON registrations (login);
