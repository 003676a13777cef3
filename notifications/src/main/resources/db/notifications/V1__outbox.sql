-- Notifications outbox. Owned by the notifications module (history table flyway_history_notifications).
-- Personal data (recipient address, template parameters) lives only inside `payload`, encrypted with AES-256-GCM
-- by the application; the idempotency key is stored as its SHA-256 so a key built from identifiers reveals nothing.

CREATE TABLE outbox_message (
    id              uuid        PRIMARY KEY,
    key_hash        bytea       NOT NULL,
    channel         text        NOT NULL CHECK (channel IN ('SMS', 'EMAIL')),
    kind            text        NOT NULL,
    template_id     text        NOT NULL,
    language        text        NOT NULL CHECK (language IN ('fr', 'en')),
    payload         bytea       NOT NULL,
    group_key       text,
    status          text        NOT NULL DEFAULT 'QUEUED'
                    CHECK (status IN ('QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'FAILED', 'DEAD')),
    attempts        integer     NOT NULL DEFAULT 0,
    not_before      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    claim_token     uuid,
    claimed_until   timestamptz,
    provider_id     text,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    delivered_at    timestamptz,
    CONSTRAINT outbox_message_key_hash UNIQUE (key_hash)
);

-- The dispatcher claims per channel in due order; partial indexes stay small because sent rows leave them.
CREATE INDEX outbox_message_due   ON outbox_message (channel, next_attempt_at) WHERE status = 'QUEUED';
CREATE INDEX outbox_message_lease ON outbox_message (claimed_until) WHERE status = 'SENDING';
CREATE INDEX outbox_message_group ON outbox_message (group_key, status) WHERE group_key IS NOT NULL;

-- Every id a provider gave us (one per SMS part, the Message-ID for e-mail), for receipt correlation.
CREATE TABLE outbox_provider_ref (
    provider_id text PRIMARY KEY,
    message_id  uuid NOT NULL
);

-- Delivery receipts and bounces as they arrive; applied to messages in bulk by the dispatcher's sweep.
-- A receipt whose provider id never appears in outbox_provider_ref is evidence of the crash window
-- (a message accepted by the provider but not recorded as sent): see docs/notifications.md.
CREATE TABLE outbox_receipt (
    id          bigserial   PRIMARY KEY,
    provider_id text        NOT NULL,
    delivered   boolean     NOT NULL,
    detail      text,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_receipt_provider ON outbox_receipt (provider_id);
