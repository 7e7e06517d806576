-- Payments taken by the portal. A row is written (pending) before the acquirer is called;
-- its public_id is the acquirer's idempotence key. `credited_at` is set exactly once, by
-- the conditional update that moves a pending payment to succeeded.

CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    amount_kopecks BIGINT NOT NULL CHECK (amount_kopecks > 0),
    purpose TEXT NOT NULL CHECK (purpose IN ('debt', 'custom')),
    acquirer TEXT NOT NULL,
    acquirer_id TEXT UNIQUE,
    confirmation_url TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'canceled')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    credited_at BIGINT,
    last_error TEXT
);
CREATE INDEX payments_by_account ON payments (account_id, created_at);
CREATE INDEX payments_pending ON payments (status, created_at);

-- The built-in sandbox acquirer keeps its own books, as an external one would.
CREATE TABLE sandbox_payments (
    id TEXT PRIMARY KEY,
    idempotence_key TEXT NOT NULL UNIQUE,
    amount_kopecks BIGINT NOT NULL,
    description TEXT NOT NULL,
    return_url TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'canceled')),
    created_at BIGINT NOT NULL
);
