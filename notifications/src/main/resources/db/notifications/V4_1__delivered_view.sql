-- The outbox's third read contract: when a message was confirmed delivered (a receipt DELIVRD). The operators' page
-- charts a campaign's deliveries per day from it (document-store), without reading outbox_message.
CREATE VIEW outbox_delivered AS
    SELECT id, delivered_at FROM outbox_message WHERE status = 'DELIVERED' AND delivered_at IS NOT NULL;
