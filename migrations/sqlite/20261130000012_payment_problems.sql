-- A payment the acquirer reports as succeeded but for another amount or in another currency
-- is never credited: it ends as 'attention' (final) for the operators, keeping what the
-- acquirer reported (amount in the currency's minor units, ISO 4217 code) and when it was
-- seen. SQLite cannot change a CHECK constraint in place, so the table is rebuilt (nothing
-- references payments, so dropping the old one cascades nowhere).

CREATE TABLE payments_rebuilt (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    amount_kopecks BIGINT NOT NULL CHECK (amount_kopecks > 0),
    purpose TEXT NOT NULL CHECK (purpose IN ('debt', 'custom')),
    acquirer TEXT NOT NULL,
    acquirer_id TEXT UNIQUE,
    confirmation_url TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'canceled', 'attention')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    credited_at BIGINT,
    last_error TEXT,
    reported_amount_kopecks BIGINT,
    reported_currency TEXT,
    attention_at BIGINT
);
INSERT INTO payments_rebuilt (id, public_id, user_id, account_id, amount_kopecks, purpose, acquirer, acquirer_id,
                              confirmation_url, status, created_at, updated_at, credited_at, last_error)
SELECT id, public_id, user_id, account_id, amount_kopecks, purpose, acquirer, acquirer_id,
       confirmation_url, status, created_at, updated_at, credited_at, last_error
FROM payments;
DROP TABLE payments;
ALTER TABLE payments_rebuilt RENAME TO payments;
CREATE INDEX payments_by_account ON payments (account_id, created_at);
CREATE INDEX payments_pending ON payments (status, created_at);
