-- A notification e-mail's customer and topic (`user_id:topic`), from which the delivery
-- worker signs its one-click unsubscribe link (RFC 8058). Other messages have none.
ALTER TABLE outbox ADD COLUMN unsubscribe TEXT;

-- What operators see of failed deliveries, newest first, without reading the whole outbox.
CREATE INDEX outbox_failed ON outbox (id) WHERE last_error IS NOT NULL AND sent_at IS NULL;
