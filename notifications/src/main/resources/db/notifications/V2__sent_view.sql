-- The outbox's read contract for other modules (one owner per table): which messages a provider accepted, and when.
-- document-store's invitation scheduler opens the opposition window from it (see docs/invitations.md) without
-- reading outbox_message, whose columns and states stay this module's business. A message is "sent" once a provider
-- accepted it (SENT) or confirmed delivery (DELIVERED); FAILED and DEAD never count.
CREATE VIEW outbox_sent AS
    SELECT id, sent_at FROM outbox_message WHERE status IN ('SENT', 'DELIVERED');
