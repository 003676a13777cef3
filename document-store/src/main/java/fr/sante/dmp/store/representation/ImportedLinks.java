package fr.sante.dmp.store.representation;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.RepresentationKind;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.patient.Identity;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The representatives a cohort line names for a minor (the optional {@code representatives} column): looked up in the
 * import's transaction before anything is written, and linked as parental authority in the same transaction as the
 * child's record, with their audit entries. A line whose representatives are not all known adults is refused whole.
 */
public final class ImportedLinks {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final String HOLDERS = "SELECT ins_hash, id, state, wrapped_key, identity FROM record "
            + "WHERE ins_hash = ANY ($1) ORDER BY id FOR SHARE";

    private ImportedLinks() {
    }

    /** A representative found: their record and key (to seal the child's INS for their list). */
    public record Holder(UUID id, byte[] wrappedKey) {
    }

    /** The named people who can hold parental authority now: known, not erased, of age. */
    public static Future<Map<Ins, Holder>> holders(SqlConnection tx, Envelope envelope, InsHasher hasher,
                                                   AccessDoor door, Set<Ins> named, Instant now) {
        if (named.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        Map<String, Ins> byHash = new HashMap<>();
        List<Buffer> hashes = new ArrayList<>();
        for (Ins ins : named) {
            byte[] h = hasher.hash(ins);
            byHash.put(Buffer.buffer(h).toString(java.nio.charset.StandardCharsets.ISO_8859_1), ins);
            hashes.add(Buffer.buffer(h));
        }
        return tx.preparedQuery(HOLDERS).execute(Tuple.of(hashes.toArray(Buffer[]::new))).map(rows -> {
            Map<Ins, Holder> out = new HashMap<>();
            for (Row r : rows) {
                Buffer wrapped = r.getBuffer(3);
                if (wrapped == null || AccessDoor.erased(RecordState.valueOf(r.getString(2)))) {
                    continue;
                }
                UUID id = r.getUUID(1);
                Identity who = Identity.open(envelope, envelope.unwrap(id, wrapped.getBytes()), id,
                        r.getBuffer(4).getBytes());
                if (door.consent().minor(LocalDate.parse(who.birthDate()), now)) {
                    continue;
                }
                out.put(byHash.get(r.getBuffer(0).toString(java.nio.charset.StandardCharsets.ISO_8859_1)),
                        new Holder(id, wrapped.getBytes()));
            }
            return out;
        });
    }

    /** Links a new minor's record to its holders from today; returns the audit entries to append. */
    public static Future<List<AuditEvent>> link(SqlConnection tx, Envelope envelope, String operator, UUID childId,
                                                byte[] childWrappedKey, byte[] childHash, Ins child,
                                                LocalDate birthDate, List<Holder> holders, String justification,
                                                Instant now) {
        List<Tuple> rows = new ArrayList<>(holders.size());
        List<AuditEvent> events = new ArrayList<>(holders.size());
        byte[] sealedWhy = envelope.sealReason(envelope.unwrap(childId, childWrappedKey), childId, justification);
        for (Holder h : holders) {
            UUID id = UUID.randomUUID();
            byte[] sealedIns = envelope.sealRepresented(envelope.unwrap(h.id(), h.wrappedKey()), h.id(), id,
                    child.value());
            rows.add(Tuple.from(new Object[] {id, childId, h.id(), RepresentationKind.PARENTAL_AUTHORITY.name(),
                LocalDate.ofInstant(now, PARIS), null, birthDate, OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
                operator, Buffer.buffer(sealedWhy), Buffer.buffer(sealedIns)}));
            events.add(new AuditEvent(now, AuditEvent.OPERATOR, operator, null,
                    RepresentationKind.PARENTAL_AUTHORITY.name(), AuditAction.CREATE_REPRESENTATION, childHash, null,
                    PgRepresentations.CREATED, true, false, sealedWhy));
        }
        return rows.isEmpty() ? Future.succeededFuture(events)
                : tx.preparedQuery(RepresentationSql.INSERT).executeBatch(rows).map(v -> events);
    }
}
