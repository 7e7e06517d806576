-- Questions to technical support ("Задать вопрос в техническую поддержку"): a ticket per
-- question, its thread of messages. Anonymous tickets have no user; a customer's tickets go
-- with the customer when the consent is withdrawn.

CREATE TABLE support_tickets (
    id INTEGER PRIMARY KEY,
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    contact TEXT NOT NULL,
    topic TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX support_tickets_by_user ON support_tickets (user_id, updated_at);
CREATE INDEX support_tickets_queue ON support_tickets (status, updated_at);

CREATE TABLE support_messages (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
    author TEXT NOT NULL CHECK (author IN ('customer', 'operator')),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX support_messages_by_ticket ON support_messages (ticket_id, created_at);
