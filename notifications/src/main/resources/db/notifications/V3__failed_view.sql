-- The outbox's second read contract for other modules: which messages will never reach their recipient (FAILED: the
-- provider refused or reported non-delivery; DEAD: attempts exhausted). document-store's re-invitation picks the
-- invitations all of whose messages are here (./dmp campaign reinvite ID --failed), without reading outbox_message.
CREATE VIEW outbox_failed AS
    SELECT id FROM outbox_message WHERE status IN ('FAILED', 'DEAD');
