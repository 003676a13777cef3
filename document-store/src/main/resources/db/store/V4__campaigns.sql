-- Invitation campaigns (issue 3). A campaign is one imported cohort; its messages carry group_key 'campaign:<id>' in
-- the notifications outbox. No personal data here: rejections name the line and the field, never the value.

CREATE TABLE campaign (
    id           uuid        PRIMARY KEY,
    operator     text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('IMPORTING', 'IMPORTED', 'FAILED')),
    imported     bigint      NOT NULL DEFAULT 0,  -- records created INVITED, invitation enqueued
    rejected     bigint      NOT NULL DEFAULT 0,  -- lines refused by validation (see campaign_rejection)
    skipped      bigint      NOT NULL DEFAULT 0,  -- persons who already had a record: never invited twice
    created_at   timestamptz NOT NULL,
    finished_at  timestamptz
);

-- One row per refused field of a refused line (a line may have several).
CREATE TABLE campaign_rejection (
    campaign_id  uuid    NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    line         bigint  NOT NULL,
    field        text    NOT NULL,
    reason       text    NOT NULL,
    PRIMARY KEY (campaign_id, line, field)
);

-- One row per invited record: which campaign invited it, which outbox messages carry the invitation, and when the
-- invitation was observed as sent (the opposition window starts then, not at import).
CREATE TABLE campaign_invitation (
    record_id      uuid        PRIMARY KEY REFERENCES record (id) ON DELETE CASCADE,
    campaign_id    uuid        NOT NULL REFERENCES campaign (id),
    seq            bigserial   NOT NULL,
    sms_message    uuid,
    email_message  uuid,
    imported_at    timestamptz NOT NULL,
    sent_at        timestamptz,
    reminded_at    timestamptz,
    CHECK (sms_message IS NOT NULL OR email_message IS NOT NULL)
);
CREATE INDEX campaign_invitation_by_campaign ON campaign_invitation (campaign_id);
-- The send-time job walks pending invitations oldest first: the dispatcher sends roughly in that order.
CREATE INDEX campaign_invitation_pending ON campaign_invitation (seq) WHERE sent_at IS NULL;
-- The reminder job walks sent invitations not yet reminded.
CREATE INDEX campaign_invitation_to_remind ON campaign_invitation (sent_at) WHERE sent_at IS NOT NULL AND reminded_at IS NULL;

-- The purge job looks for CLOSED records whose archive period or deletion delay is over.
CREATE INDEX record_closed ON record (closed_at) WHERE state = 'CLOSED';
