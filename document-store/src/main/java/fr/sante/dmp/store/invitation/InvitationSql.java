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
    /**
     * A batch of INVITED records with their code hash, code expiry ($7, until the window opens) and language, as
     * registration would write them (same columns as {@code NewRecords.INSERT_RECORD}) but in one statement. A person
     * who already has a record, or appears earlier in the same batch, gets no row back.
     */
    static final String INSERT_RECORDS = """
            INSERT INTO record (id, ins_hash, state, wrapped_key, identity, created_at, updated_at,
                                invitation_code_hash, invitation_code_expires_at, language, invitation_code_lookup)
            SELECT u.id, u.ins_hash, 'INVITED', u.wrapped_key, u.identity, $6, $6, u.code_hash, $7, u.language,
                   u.code_lookup
              FROM unnest($1::uuid[], $2::bytea[], $3::bytea[], $4::bytea[], $5::bytea[], $8::text[], $9::bytea[])
                   WITH ORDINALITY AS u(id, ins_hash, wrapped_key, identity, code_hash, language, code_lookup, ord)
             ORDER BY u.ord
            ON CONFLICT (ins_hash) DO NOTHING
            RETURNING id""";
    /** Default consent settings, as registration writes them ({@code NewRecords.INSERT_SETTINGS}), for a batch. */
    static final String INSERT_SETTINGS = "INSERT INTO consent_settings (record_id, emergency_access_opposed, "
            + "updated_at) SELECT id, false, $2 FROM unnest($1::uuid[]) AS id";
    static final String INSERT_INVITATIONS = "INSERT INTO campaign_invitation (record_id, campaign_id, sms_message, "
            + "email_message, imported_at, letter_message, postal) SELECT u.r, $2, u.s, u.e, $5, u.l, u.p "
            + "FROM unnest($1::uuid[], $3::uuid[], $4::uuid[], $6::uuid[], $7::boolean[]) "
            + "WITH ORDINALITY AS u(r, s, e, l, p, ord) ORDER BY u.ord";
    static final String REJECTIONS_PAGE = "SELECT line, field, reason FROM campaign_rejection "
            + "WHERE campaign_id = $1 AND (line, field) > ($2, $3) ORDER BY line, field LIMIT $4";

    static final String LIST = "SELECT id, status, operator, created_at, finished_at, imported, rejected, skipped "
            + "FROM campaign ORDER BY created_at DESC, id LIMIT $1";
    static final String CAMPAIGN = "SELECT status, imported, rejected, skipped FROM campaign WHERE id = $1";
    /** Activated counts records that were opened, even if the person closed them since. */
    static final String CAMPAIGN_RECORDS = "SELECT count(*) FILTER (WHERE r.state = 'OPPOSED') AS opposed, "
            + "count(*) FILTER (WHERE r.state IN ('ACTIVE', 'CLOSED', 'PURGED')) AS activated "
            + "FROM campaign_invitation ci JOIN record r ON r.id = ci.record_id WHERE ci.campaign_id = $1";

    /**
     * A campaign's persons per Paris day: invitation sent, first delivery confirmed (the outbox's
     * {@code outbox_delivered} read contract), opposed (the latest opposition of a record still OPPOSED), activated
     * (the deadline day of records opened at some point). $1 campaign. Aggregates only, no identity.
     */
    static final String DAILY = """
            WITH ci AS (SELECT record_id, sms_message, email_message, letter_message, sent_at
                          FROM campaign_invitation WHERE campaign_id = $1),
            events AS (
              SELECT (ci.sent_at AT TIME ZONE 'Europe/Paris')::date AS day, 1 AS sent, 0 AS delivered, 0 AS opposed,
                     0 AS activated
                FROM ci WHERE ci.sent_at IS NOT NULL
              UNION ALL
              SELECT (min(d.delivered_at) AT TIME ZONE 'Europe/Paris')::date, 0, 1, 0, 0
                FROM ci JOIN %1$s d ON d.id IN (ci.sms_message, ci.email_message, ci.letter_message)
               GROUP BY ci.record_id
              UNION ALL
              SELECT (max(o.opposed_at) AT TIME ZONE 'Europe/Paris')::date, 0, 0, 1, 0
                FROM ci JOIN record r ON r.id = ci.record_id AND r.state = 'OPPOSED'
                        JOIN opposition_receipt o ON o.record_id = ci.record_id
               GROUP BY ci.record_id
              UNION ALL
              SELECT (r.opposition_deadline AT TIME ZONE 'Europe/Paris')::date, 0, 0, 0, 1
                FROM ci JOIN record r ON r.id = ci.record_id
               WHERE r.state IN ('ACTIVE', 'CLOSED', 'PURGED') AND r.opposition_deadline IS NOT NULL)
            SELECT day, sum(sent) AS sent, sum(delivered) AS delivered, sum(opposed) AS opposed,
                   sum(activated) AS activated
              FROM events GROUP BY day ORDER BY day""".formatted(fr.sante.dmp.notify.outbox.Outbox.DELIVERED_VIEW);

    /**
     * Send times: pending invitations (oldest first, as the dispatcher sends them) whose first message the provider
     * accepted. The window opens at the earliest {@code sent_at} of a message SENT or DELIVERED; a message that FAILED
     * or went DEAD does not count (the person was not told by it). Reads the notifications module's view
     * {@code outbox_sent} ({@code Outbox.SENT_VIEW}, its read contract), never its table: see docs/invitations.md for
     * why polling instead of a callback. Records still INVITED (or OPPOSED before the send) without a deadline get invited_at, the deadline
     * (sent + 42 days) and the code's expiry; the invitation is marked in any case. $1 limit, $2 now, $3 window in s.
     */
    static final String MARK_SENT = """
            WITH due AS (
              SELECT ci.record_id,
                     (SELECT min(s.sent_at) FROM %1$s s WHERE s.id IN (ci.sms_message, ci.email_message, ci.letter_message)) AS sent_at
                FROM campaign_invitation ci
               WHERE ci.sent_at IS NULL
                 AND EXISTS (SELECT 1 FROM %1$s s WHERE s.id IN (ci.sms_message, ci.email_message, ci.letter_message))
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
               WHERE r.id = marked.record_id AND r.state IN ('INVITED', 'OPPOSED') AND r.opposition_deadline IS NULL
              RETURNING r.id)
            SELECT (SELECT count(*) FROM marked) AS marked, (SELECT count(*) FROM opened) AS opened"""
            .formatted(fr.sante.dmp.notify.outbox.Outbox.SENT_VIEW);

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
    /** Not marked sent, the record still INVITED without a deadline, and every message it has FAILED or DEAD. */
    private static final String FAILED_WHERE = "ci.sent_at IS NULL AND r.state = 'INVITED' "
            + "AND r.opposition_deadline IS NULL "
            + "AND (ci.sms_message IS NULL OR ci.sms_message IN (SELECT id FROM %1$s)) "
            + "AND (ci.email_message IS NULL OR ci.email_message IN (SELECT id FROM %1$s)) "
            + "AND (ci.letter_message IS NULL OR ci.letter_message IN (SELECT id FROM %1$s)) ";

    /**
     * Invitations of campaign $1 that reached nobody: not marked sent, the record still INVITED without a deadline,
     * and every message it has is in the outbox's {@code outbox_failed} view (none queued, sending or sent). $2 limit.
     */
    static final String FAILED_INVITATIONS = ("SELECT ci.record_id, r.wrapped_key, r.identity, r.language, "
            + "ci.sms_message, ci.email_message, ci.letter_message, ci.campaign_id "
            + "FROM campaign_invitation ci JOIN record r ON r.id = ci.record_id "
            + "WHERE ci.campaign_id = $1 AND " + FAILED_WHERE + "ORDER BY ci.seq LIMIT $2 FOR UPDATE OF ci SKIP LOCKED")
            .formatted(fr.sante.dmp.notify.outbox.Outbox.FAILED_VIEW);
    /**
     * The letter fallback (every scheduler pass, all campaigns): failed invitations, as above, of persons who gave a
     * postal address and were not yet written to. $1 limit.
     */
    static final String LETTER_FALLBACK = ("SELECT ci.record_id, r.wrapped_key, r.identity, r.language, "
            + "ci.sms_message, ci.email_message, ci.letter_message, ci.campaign_id "
            + "FROM campaign_invitation ci JOIN record r ON r.id = ci.record_id "
            + "WHERE ci.postal AND ci.letter_message IS NULL AND " + FAILED_WHERE
            + "ORDER BY ci.seq LIMIT $1 FOR UPDATE OF ci SKIP LOCKED")
            .formatted(fr.sante.dmp.notify.outbox.Outbox.FAILED_VIEW);
    /** The invitation's new messages replace the failed ones: markSent and the progress follow them. */
    static final String REINVITED = "UPDATE campaign_invitation SET sms_message = $2, email_message = $3, "
            + "letter_message = $4 WHERE record_id = $1";
    static final String REMINDED = "UPDATE campaign_invitation SET reminded_at = $2 WHERE record_id = $1";

    // ---- an invitation of one's own at majority (MajorityInvitations) ----
    /** The record of a person coming of age, locked, if still INVITED. $1 record. */
    static final String INVITED_AT_MAJORITY = "SELECT wrapped_key, identity, language FROM record "
            + "WHERE id = $1 AND state = 'INVITED' FOR UPDATE";
    /** The scheduler's campaign of the batch, counted once per person invited. $1 id, $2 operator, $3 now. */
    static final String MAJORITY_CAMPAIGN = "INSERT INTO campaign (id, operator, status, imported, created_at, "
            + "finished_at) VALUES ($1, $2, 'IMPORTED', 1, $3, $3) "
            + "ON CONFLICT (id) DO UPDATE SET imported = campaign.imported + 1";
    /**
     * The person's invitation is this one now: its messages, not marked sent, not reminded, so that the send-time job
     * opens the window from it. $1 record, $2 campaign, $3 SMS, $4 e-mail, $5 letter, $6 now, $7 postal.
     */
    static final String OWN_INVITATION = "INSERT INTO campaign_invitation (record_id, campaign_id, sms_message, "
            + "email_message, letter_message, imported_at, postal) VALUES ($1, $2, $3, $4, $5, $6, $7) "
            + "ON CONFLICT (record_id) DO UPDATE SET campaign_id = EXCLUDED.campaign_id, "
            + "sms_message = EXCLUDED.sms_message, email_message = EXCLUDED.email_message, "
            + "letter_message = EXCLUDED.letter_message, imported_at = EXCLUDED.imported_at, "
            + "postal = EXCLUDED.postal, sent_at = NULL, reminded_at = NULL";
    /** The window opened by an invitation made during minority is closed again: the new send opens it. $1, $2 now. */
    static final String WINDOW_RESET = "UPDATE record SET invited_at = NULL, opposition_deadline = NULL, "
            + "updated_at = $2 WHERE id = $1 AND state = 'INVITED'";
}
