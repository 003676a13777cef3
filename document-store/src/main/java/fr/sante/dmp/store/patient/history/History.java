package fr.sante.dmp.store.patient.history;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.store.patient.PatientTransaction;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * The patient's access history (R1111-43, L1111-19): every audit entry about the record, newest first, in pages. Offset
 * paging over the (ins_hash, seq DESC) index, bounded so that a deep page cannot make PostgreSQL walk the whole log.
 */
final class History {
    static final int MAX_PAGE_SIZE = 100;
    /** Deeper than this, callers page with {@code AuditService.history} (keyset). */
    static final int MAX_OFFSET = 10_000;

    private final Pool pool;
    private final InsHasher insHasher;
    private final HistoryReasons reasons;
    private final Envelope envelope;

    private final boolean byRepresentative;

    History(Pool pool, InsHasher insHasher, HistoryReasons reasons, Envelope envelope) {
        this(pool, insHasher, reasons, envelope, false);
    }

    private History(Pool pool, InsHasher insHasher, HistoryReasons reasons, Envelope envelope,
                    boolean byRepresentative) {
        this.pool = pool;
        this.insHasher = insHasher;
        this.reasons = reasons;
        this.envelope = envelope;
        this.byRepresentative = byRepresentative;
    }

    /** The history as a representative reads it. */
    History forRepresentative() {
        return new History(pool, insHasher, reasons, envelope, true);
    }

    Future<AccessHistoryPage> page(Ins ins, HistoryFilter filter, int page, int pageSize) {
        if (filter == null) {
            return Future.failedFuture(new RecordException.Invalid("filter",
                    "must be professionals, mine, refused or emergency"));
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            return Future.failedFuture(new RecordException.Invalid("pageSize", "must be between 1 and "
                    + MAX_PAGE_SIZE));
        }
        if (page < 0 || (long) page * pageSize > MAX_OFFSET) {
            return Future.failedFuture(new RecordException.Invalid("page", "must be between 0 and "
                    + MAX_OFFSET / pageSize));
        }
        Tuple args = Tuple.of(Buffer.buffer(insHasher.hash(ins)), page * pageSize, pageSize + 1, filter.param(),
                byRepresentative);
        return pool.preparedQuery(HistorySql.HISTORY).execute(args).recover(ServiceFailures::fail).map(rows -> {
            List<AccessHistoryPage.Entry> entries = new ArrayList<>(Math.min(rows.size(), pageSize));
            SecretKey key = null;
            for (Row r : rows) {
                if (entries.size() == pageSize) {
                    break;
                }
                Buffer sealed = r.getBuffer("title");
                Optional<String> title = Optional.empty();
                if (sealed != null && r.getBuffer("wrapped_key") != null) {
                    // One unwrap per page (cached by the envelope); titles open for the patient only, here.
                    key = key != null ? key : envelope.unwrap(r.getUUID("record_id"),
                            r.getBuffer("wrapped_key").getBytes());
                    title = Optional.of(envelope.openTitle(key, r.getUUID("record_id"), r.getUUID("document_id"),
                            sealed.getBytes()));
                }
                entries.add(entry(r, title));
            }
            return new AccessHistoryPage(List.copyOf(entries), page, rows.size() > pageSize);
        });
    }

    private AccessHistoryPage.Entry entry(Row r, Optional<String> title) {
        String kind = r.getString(2);
        boolean professional = AuditEvent.PROFESSIONAL.equals(kind);
        String ruleId = r.getString(6);
        String[] why = reasons.of(ruleId);
        return new AccessHistoryPage.Entry(r.getOffsetDateTime(1).toInstant(), kind,
                professional ? Optional.ofNullable(r.getString(3)) : Optional.empty(),
                Optional.ofNullable(r.getString(4)), r.getString(5), r.getBoolean(7), ruleId, why[0], why[1],
                r.getBoolean(8), Optional.ofNullable(r.getUUID("document_id")), title,
                AuditEvent.REPRESENTATIVE.equals(kind) ? Optional.ofNullable(r.getString("category"))
                        : Optional.empty());
    }
}
