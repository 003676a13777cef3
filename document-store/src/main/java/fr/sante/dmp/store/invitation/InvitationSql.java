package fr.sante.dmp.store.invitation;

/** SQL of campaigns and of the scheduler, all as prepared statements. */
final class InvitationSql {
    private InvitationSql() {
    }

    static final String INSERT_CAMPAIGN = "INSERT INTO campaign (id, operator, status, created_at) "
            + "VALUES ($1, $2, 'IMPORTING', $3)";
    static final String COUNT_BATCH = "UPDATE campaign SET imported = imported + $2, rejected = rejected + $3, "
            + "skipped = skipped + $4 WHERE id = $1";
    static final String FINISH = "UPDATE campaign SET status = $2, finished_at = $3 WHERE id = $1 "
            + "RETURNING imported, rejected, skipped";
    static final String INSERT_REJECTION = "INSERT INTO campaign_rejection (campaign_id, line, field, reason) "
            + "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";
    static final String INSERT_INVITATION = "INSERT INTO campaign_invitation (record_id, campaign_id, sms_message, "
            + "email_message, imported_at) VALUES ($1, $2, $3, $4, $5)";
    /** Registration writes the default language (fr); the cohort's choice is set after the insert. */
    static final String SET_LANGUAGE = "UPDATE record SET language = 'en' WHERE id = ANY($1)";
    static final String REJECTIONS_PAGE = "SELECT line, field, reason FROM campaign_rejection "
            + "WHERE campaign_id = $1 AND (line, field) > ($2, $3) ORDER BY line, field LIMIT $4";

    static final String CAMPAIGN = "SELECT status, imported, rejected, skipped FROM campaign WHERE id = $1";
    /** Activated counts records that were opened, even if the person closed them since. */
    static final String CAMPAIGN_RECORDS = "SELECT count(*) FILTER (WHERE r.state = 'OPPOSED') AS opposed, "
            + "count(*) FILTER (WHERE r.state IN ('ACTIVE', 'CLOSED', 'PURGED')) AS activated "
            + "FROM campaign_invitation ci JOIN record r ON r.id = ci.record_id WHERE ci.campaign_id = $1";

    /**
     * Send times: pending invitations (oldest first, as the dispatcher sends them) whose first message the provider
     * accepted. The window opens at the earliest {@code sent_at} of a message SENT or DELIVERED; a message that FAILED
     * or went DEAD does not count (the person was not told by it). Reads the outbox's status and sent_at columns: see
     * docs/invitations.md for why this join instead of a callback. Records still INVITED without a deadline get
     * invited_at, the deadline (sent + 42 days) and the code's expiry; the invitation is marked in any case.
     * $1 limit, $2 now, $3 window in seconds.
     */
    static final String MARK_SENT = """
            WITH due AS (
              SELECT ci.record_id,
                     (SELECT min(m.sent_at) FROM outbox_message m
                       WHERE m.id IN (ci.sms_message, ci.email_message)
                         AND m.status IN ('SENT', 'DELIVERED')) AS sent_at
                FROM campaign_invitation ci
               WHERE ci.sent_at IS NULL
                 AND EXISTS (SELECT 1 FROM outbox_message m WHERE m.id IN (ci.sms_message, ci.email_message)
                                AND m.status IN ('SENT', 'DELIVERED'))
               ORDER BY ci.seq
               LIMIT $1
               FOR UPDATE OF ci SKIP LOCKED),
            marked AS (
              UPDATE campaign_invitation ci SET sent_at = due.sent_at FROM due
               WHERE ci.record_id = due.record_id
              RETURNING ci.record_id, ci.sent_at),
            opened AS (
              UPDATE record r SET invited_at = marked.sent_at,
                     opposition_deadline = marked.sent_at + make_interval(secs => $3),
                     invitation_code_expires_at = marked.sent_at + make_interval(secs => $3),
                     updated_at = $2
                FROM marked
               WHERE r.id = marked.record_id AND r.state = 'INVITED' AND r.opposition_deadline IS NULL
              RETURNING r.id)
            SELECT (SELECT count(*) FROM marked) AS marked, (SELECT count(*) FROM opened) AS opened""";

    /** INVITED records whose deadline passed; SKIP LOCKED lets every gateway instance take its own batch. */
    static final String DUE_FOR_ACTIVATION = "SELECT id, state, invited_at, opposition_deadline, closed_at, "
            + "deletion_requested_at, ins_hash FROM record WHERE state = 'INVITED' AND opposition_deadline <= $1 "
            + "ORDER BY opposition_deadline LIMIT $2 FOR UPDATE SKIP LOCKED";
    static final String ACTIVATE = "UPDATE record SET state = 'ACTIVE', updated_at = $2 WHERE id = ANY($1) "
            + "AND state = 'INVITED'";

    /** CLOSED records whose archive period (closed + $2 s) or deletion delay (requested + $3 s) is over. */
    static final String DUE_FOR_PURGE = "SELECT id, state, invited_at, opposition_deadline, closed_at, "
            + "deletion_requested_at, ins_hash FROM record WHERE state = 'CLOSED' "
            + "AND (closed_at IS NULL OR closed_at + make_interval(secs => $2) <= $1 "
            + "OR deletion_requested_at + make_interval(secs => $3) <= $1) LIMIT $4 FOR UPDATE SKIP LOCKED";

    /**
     * Invitations sent, not yet reminded, whose record is still INVITED (the person neither opposed nor activated)
     * and whose deadline is within the reminder delay but not passed. $1 now, $2 now + reminderBefore, $3 limit.
     */
    static final String DUE_FOR_REMINDER = "SELECT ci.record_id, ci.campaign_id, r.wrapped_key, r.identity, "
            + "r.language, r.opposition_deadline FROM campaign_invitation ci JOIN record r ON r.id = ci.record_id "
            + "WHERE ci.sent_at IS NOT NULL AND ci.reminded_at IS NULL AND r.state = 'INVITED' "
            + "AND r.opposition_deadline > $1 AND r.opposition_deadline <= $2 "
            + "ORDER BY ci.sent_at LIMIT $3 FOR UPDATE OF ci, r SKIP LOCKED";
    static final String REMINDED = "UPDATE campaign_invitation SET reminded_at = $2 WHERE record_id = $1";
}
