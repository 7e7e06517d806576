-- Which customer has bound which personal account, and at which access level; the PIN
-- requests for operators; and the audit log of access changes. Times are Unix seconds.

CREATE TABLE bindings (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    access TEXT NOT NULL DEFAULT 'basic' CHECK (access IN ('basic', 'extended')),
    created_at BIGINT NOT NULL,
    extended_at BIGINT,
    UNIQUE (user_id, account_id)
);
CREATE INDEX bindings_by_account ON bindings (account_id);

-- "Подать запрос на получение PIN-кода": one open request per customer and account.
CREATE TABLE pin_requests (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'issued', 'declined')),
    created_at BIGINT NOT NULL,
    resolved_at BIGINT,
    resolution TEXT
);
CREATE UNIQUE INDEX pin_requests_one_open ON pin_requests (user_id, account_id) WHERE status = 'open';

-- Who changed whose access, and when. Kept after the customer leaves (no foreign key).
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_subject ON audit_log (subject, at);
