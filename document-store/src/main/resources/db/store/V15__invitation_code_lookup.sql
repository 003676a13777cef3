-- A phone agent finds an invitation by the code the person reads out (issue 19, assisted opposition), when the caller
-- has no INS at hand. invitation_code_hash is keyed with the record id (it cannot be searched by code alone), so the
-- code also gets a lookup hash: HMAC-SHA256 under a key of its own derived from the INS-hash key
-- (patient.InvitationCodes), never the code itself. Codes issued before this migration have none: those persons are
-- found by INS. Erased with the code at the purge.
ALTER TABLE record ADD COLUMN invitation_code_lookup bytea CHECK (octet_length(invitation_code_lookup) = 32);
CREATE INDEX record_invitation_code_lookup ON record (invitation_code_lookup) WHERE invitation_code_lookup IS NOT NULL;

-- Returned letters (issue 19): the mail house's file names each letter by its reference (the outbox message id printed
-- on the page); the invitation it carried is found through this index.
CREATE INDEX campaign_invitation_by_letter ON campaign_invitation (letter_message) WHERE letter_message IS NOT NULL;
