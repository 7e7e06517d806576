-- Operators of the gas supplier sign in like customers but act in the operator console
-- (`/operator`); `moygaz operator create <login>` makes one. Their actions are in audit_log.
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'operator'));

-- The queue shows open PIN requests oldest first.
CREATE INDEX pin_requests_queue ON pin_requests (status, created_at);
