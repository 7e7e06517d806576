-- The customer's profile ("additional data" of the seed) and a pending change of login.
ALTER TABLE users ADD COLUMN contact_phone TEXT;
ALTER TABLE users ADD COLUMN contact_email TEXT;

CREATE TABLE login_changes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    new_login TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    wrong_attempts BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id)
);
