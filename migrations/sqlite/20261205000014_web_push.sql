-- Web Push (RFC 8030): the browsers a customer enabled notifications in (the push service's
-- endpoint and the browser's keys; one customer may have several, one browser is one
-- customer's: a new sign-in there takes it over), and the keys the portal makes for itself
-- once, shared by every instance (the VAPID key pair when the configuration names none).
-- The outbox learns the 'push' channel and the page a push opens; SQLite cannot change a
-- CHECK constraint in place, so its outbox is rebuilt (nothing references it).

CREATE TABLE push_subscriptions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    endpoint TEXT NOT NULL UNIQUE,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX push_subscriptions_by_user ON push_subscriptions (user_id, created_at);

CREATE TABLE portal_keys (
    name TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE outbox_rebuilt (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0,
    sent_at BIGINT,
    last_error TEXT,
    link TEXT
);
INSERT INTO outbox_rebuilt (id, channel, recipient, subject, body_text, body_html, created_at, attempts,
                            next_attempt_at, locked_until, sent_at, last_error)
SELECT id, channel, recipient, subject, body_text, body_html, created_at, attempts,
       next_attempt_at, locked_until, sent_at, last_error
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
