-- What the portal tells a customer (readings window, payments, answers, security): one row
-- per notification, listed in the cabinet, and the one key that makes each of them once per
-- customer, kind and period however many schedulers run (`dedup_key`, e.g. account:period).
-- `batch` names the run or the change that made the row, so that the same transaction
-- queues exactly its own rows for e-mail and SMS.

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    dedup_key TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    batch TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    UNIQUE (user_id, kind, dedup_key)
);
CREATE INDEX notifications_by_user ON notifications (user_id, created_at);
CREATE INDEX notifications_by_batch ON notifications (batch);

-- A customer's choice per topic and channel (1 on, 0 off), once made; else the default (e-mail on,
-- push on, SMS off); the list in the cabinet is always on.
CREATE TABLE notification_settings (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
    enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    PRIMARY KEY (user_id, topic, channel)
);
