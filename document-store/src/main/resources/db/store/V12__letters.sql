-- Postal letters (issue 19): an invitation may go by letter, to people with neither phone nor e-mail, and as the
-- fallback once their SMS and e-mail have failed. letter_message is the outbox message of the letter; postal says
-- whether the person gave a postal address (the address itself is in the sealed identity only), so the scheduler can
-- find whom a letter can still reach without opening identities.
ALTER TABLE campaign_invitation ADD COLUMN letter_message uuid;
ALTER TABLE campaign_invitation ADD COLUMN postal boolean NOT NULL DEFAULT false;
ALTER TABLE campaign_invitation DROP CONSTRAINT campaign_invitation_check;
ALTER TABLE campaign_invitation ADD CONSTRAINT campaign_invitation_check
    CHECK (sms_message IS NOT NULL OR email_message IS NOT NULL OR letter_message IS NOT NULL);
-- Failed invitations that a letter can still reach: few rows, walked by every scheduler pass.
CREATE INDEX campaign_invitation_letter_fallback ON campaign_invitation (seq)
    WHERE sent_at IS NULL AND postal AND letter_message IS NULL;

-- The break-glass review queue on the operators' page (issue 19): an operator accepts an emergency access (the grant's
-- reviewed_at, db/breakglass) or flags it for the data protection officer, here. No foreign key: the grants' table
-- belongs to db/breakglass, migrated after this set; a flag is only ever written for an existing grant
-- (BreakGlassGrants.flagForOfficer).
CREATE TABLE break_glass_flag (
    grant_id    uuid        PRIMARY KEY,
    flagged_at  timestamptz NOT NULL,
    flagged_by  text        NOT NULL
);
