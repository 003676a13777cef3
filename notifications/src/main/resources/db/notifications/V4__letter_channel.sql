-- Postal letters (issue 19): a third channel. The letter transport claims them like the others and exports them as
-- PDF batches for a mail house; a letter is SENT once its batch file and manifest are in the export folder.
ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_channel_check;
ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_channel_check CHECK (channel IN ('SMS', 'EMAIL', 'LETTER'));
