package fr.sante.dmp.store.patient;

import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.record.StoreFixture;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.Callable;

/** Test doors for the patient space: patients in a given state, stored columns, and the audit trail of one change. */
public final class PatientSupport {
    private final StoreFixture f;

    public PatientSupport(StoreFixture f) {
        this.f = f;
    }

    public PatientServices patients() {
        return f.store.patients();
    }

    public Ins invitedPatient() throws Exception {
        Ins ins = StoreFixture.newIns();
        await(f.records().register("admin", ins, StoreFixture.person("Durand", RecordState.INVITED)));
        return ins;
    }

    /** One column of the patient's record row. */
    public Object recordColumn(Ins ins, String column) throws Exception {
        return value("SELECT " + column + " FROM record WHERE ins_hash = ?", f.insHash(ins));
    }

    public Object value(String sql, Object... args) throws Exception {
        try (Connection c = f.db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    public RecordState state(Ins ins) throws Exception {
        return RecordState.valueOf((String) recordColumn(ins, "state"));
    }

    /** The deadline moved to yesterday: the opposition window has closed. */
    public void windowClosed(Ins ins) throws Exception {
        f.update("UPDATE record SET opposition_deadline = now() - interval '1 day', "
                + "invited_at = now() - interval '43 days' WHERE ins_hash = ?", f.insHash(ins));
        f.update("UPDATE opposition_receipt SET window_closes_at = now() - interval '1 day' WHERE record_id = ?",
                f.recordId(ins));
    }

    /**
     * Runs a change and checks that it left exactly one audit entry about this patient, with this action, outcome and
     * rule, and that the whole chain still verifies.
     */
    public <T> T audited(Ins ins, String action, boolean allowed, String ruleId, Callable<T> change) throws Exception {
        long before = f.auditCount();
        T result = change.call();
        assertThat(f.auditCount()).isEqualTo(before + 1);
        Map<String, Object> last = lastEntry();
        assertThat(last).containsEntry("action", action).containsEntry("allowed", allowed)
                .containsEntry("rule_id", ruleId);
        assertThat((byte[]) last.get("ins_hash")).isEqualTo(f.insHash(ins));
        assertThat(await(f.store.audit().verify()).ok()).isTrue();
        return result;
    }

    /** A change that must be refused with this failure type, leaving one audit entry (denied) and nothing else. */
    <E extends RecordException> E refused(Ins ins, String action, String ruleId, Class<E> type,
                                          Callable<Future<?>> call) throws Exception {
        Throwable[] caught = new Throwable[1];
        audited(ins, action, false, ruleId, () -> caught[0] = failure(call.call()));
        assertThat(caught[0]).isInstanceOf(type);
        return type.cast(caught[0]);
    }

    public Map<String, Object> lastEntry() throws Exception {
        try (Connection c = f.db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT action, allowed, rule_id, ins_hash, break_glass, actor_kind FROM audit_log "
                        + "ORDER BY seq DESC LIMIT 1");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return Map.of("action", rs.getString(1), "allowed", rs.getBoolean(2), "rule_id", rs.getString(3),
                    "ins_hash", rs.getBytes(4), "break_glass", rs.getBoolean(5), "actor_kind", rs.getString(6));
        }
    }
}
