-- The patient's refused emergency-access attempts, found without walking their whole history (the dashboard asks on
-- every visit; the patient's own views would otherwise bury them).
CREATE INDEX audit_log_break_glass_refused ON audit_log (ins_hash, seq DESC)
    WHERE action = 'BREAK_GLASS' AND NOT allowed AND ins_hash IS NOT NULL;
