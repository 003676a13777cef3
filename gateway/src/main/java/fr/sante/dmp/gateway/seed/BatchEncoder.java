package fr.sante.dmp.gateway.seed;

import fr.sante.dmp.consent.CareContextPolicy;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.RecordLifecycle;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Rpps;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Turns persons [first, end) into the rows a registration and deposits would have left, encrypted: one encoder per
 * producer thread (its {@link SeedCrypto} and id generator are not shared).
 *
 * <p>States as the store leaves them: ACTIVE (no invitation instants, like a migrated record) and CLOSED (closed in
 * the last year) with their documents; INVITED with the invitation sent 0 to 41 days before {@code now}, so deadlines
 * spread over the 42-day window and every one is still ahead; OPPOSED after the window closed: no key, no identity,
 * default consent settings and the opposition receipt whose identity escrow was erased (nobody holds its code). An
 * ACTIVE record also carries the live care context of its load-test professional ({@link SeedPlan#careContext}).
 */
final class BatchEncoder {
    private static final Duration WINDOW = RecordLifecycle.OPPOSITION_WINDOW;
    private static final Duration RECORD_AGE = SeedPlan.HISTORY.plusDays(30);

    private final SeedCrypto crypto;
    private final SeedPlan plan;
    private final CareContextPolicy careContexts;
    private final Instant now;
    private final SplittableRandom ids = new SplittableRandom(new SecureRandom().nextLong());

    BatchEncoder(SeedCrypto crypto, SeedPlan plan, CareContextPolicy careContexts, Instant now) {
        this.crypto = crypto;
        this.plan = plan;
        this.careContexts = careContexts;
        this.now = now;
    }

    byte[] insHash(fr.sante.dmp.consent.Ins ins) {
        return crypto.insHash(ins);
    }

    /** Persons [first, end) except those in {@code skip} (already in the database under another seed). */
    SeedBatch encode(long first, long end, Set<Long> skip) {
        int n = (int) (end - first);
        EnumMap<SeedTable, BinaryCopy> copies = new EnumMap<>(SeedTable.class);
        int perDocs = (int) Math.ceil(plan.meanDocuments() + 1);
        copies.put(SeedTable.RECORD, new BinaryCopy(SeedTable.RECORD.width(), n * 330));
        copies.put(SeedTable.CONSENT_SETTINGS, new BinaryCopy(SeedTable.CONSENT_SETTINGS.width(), n * 60));
        copies.put(SeedTable.BLOCKED_PROFESSIONAL, new BinaryCopy(SeedTable.BLOCKED_PROFESSIONAL.width(), n));
        copies.put(SeedTable.CARE_CONTEXT, new BinaryCopy(SeedTable.CARE_CONTEXT.width(), n * 110));
        copies.put(SeedTable.ALERT_PREFERENCES, new BinaryCopy(SeedTable.ALERT_PREFERENCES.width(), n * 3));
        copies.put(SeedTable.OPPOSITION_RECEIPT, new BinaryCopy(SeedTable.OPPOSITION_RECEIPT.width(), n * 2));
        copies.put(SeedTable.DOCUMENT, new BinaryCopy(SeedTable.DOCUMENT.width(), n * perDocs * 200));
        copies.put(SeedTable.DOCUMENT_CONTENT, new BinaryCopy(SeedTable.DOCUMENT_CONTENT.width(), n * perDocs * 820));
        int persons = 0;
        for (long i = first; i < end; i++) {
            if (!skip.contains(i)) {
                person(i, copies);
                persons++;
            }
        }
        return SeedBatch.of(first, end, persons, copies);
    }

    private void person(long i, EnumMap<SeedTable, BinaryCopy> out) {
        SyntheticPerson p = SyntheticPopulation.person(i);
        UUID recordId = uuid();
        byte[] insHash = crypto.insHash(p.ins());
        RecordState state = p.state();
        Instant invitedAt = null;
        Instant closedAt = null;
        Instant createdAt = now.minus(RECORD_AGE);
        if (state == RecordState.INVITED) {
            invitedAt = now.minusSeconds(Long.remainderUnsigned(SeedPlan.mix(i, 50), WINDOW.toSeconds() - 86_400));
            createdAt = invitedAt;
        } else if (state == RecordState.OPPOSED) {
            invitedAt = now.minus(WINDOW).minusSeconds(3_600 + Long.remainderUnsigned(SeedPlan.mix(i, 51), 300 * 86_400L));
            createdAt = invitedAt;
        } else if (state == RecordState.CLOSED) {
            closedAt = now.minusSeconds(Long.remainderUnsigned(SeedPlan.mix(i, 52), 365 * 86_400L));
        }
        Instant deadline = invitedAt == null ? null : invitedAt.plus(WINDOW);

        SeedCrypto.RecordKey key = state == RecordState.OPPOSED ? null : crypto.newRecordKey(recordId);
        out.get(SeedTable.RECORD).row().uuid(recordId).bytes(insHash).text(state.name()).time(invitedAt)
                .time(deadline).time(closedAt).bytes(key == null ? null : key.wrapped())
                .bytes(key == null ? null : key.identity(identityJson(p))).time(createdAt).time(now);
        Optional<Rpps> treating = plan.treatingDoctor(i);
        out.get(SeedTable.CONSENT_SETTINGS).row().uuid(recordId).text(treating.map(Rpps::value).orElse(null))
                .bool(plan.emergencyAccessOpposed(i)).time(now);
        if (state == RecordState.OPPOSED) {
            byte[] codeHash = new byte[32];
            for (int k = 0; k < 32; k += 8) {
                long r = ids.nextLong();
                for (int b = 0; b < 8; b++) {
                    codeHash[k + b] = (byte) (r >>> (8 * b));
                }
            }
            Instant opposedAt = invitedAt.plusSeconds(Long.remainderUnsigned(SeedPlan.mix(i, 53), WINDOW.toSeconds()));
            out.get(SeedTable.OPPOSITION_RECEIPT).row().uuid(uuid()).uuid(recordId).time(opposedAt).time(deadline)
                    .bytes(codeHash).nul();
            return;
        }
        plan.blockedProfessional(i).ifPresent(r -> out.get(SeedTable.BLOCKED_PROFESSIONAL).row().uuid(recordId)
                .text(r.value()).time(now.minus(Duration.ofDays(1 + (i % 300)))));
        // The load-test professional's care context, as a card read at their practice just before the seed opened it:
        // via presence, for the policy's duration of their profession (90 days, pharmacists 3).
        plan.careContext(i).ifPresent(pro -> out.get(SeedTable.CARE_CONTEXT).row().uuid(uuid()).uuid(recordId)
                .text(pro.rpps().value()).text(pro.profession().code()).text("presence").time(now)
                .time(now.atOffset(ZoneOffset.UTC).plus(careContexts.duration(pro.profession())).toInstant()));
        plan.alerts(i).ifPresent(a -> out.get(SeedTable.ALERT_PREFERENCES).row().uuid(recordId).bool(a[0])
                .bool(a[1]).bool(a[2]).text(a[3] ? "EMAIL" : "SMS").time(now));
        int documents = plan.documents(i);
        Instant lastDeposit = closedAt == null ? now : closedAt;
        for (int j = 0; j < documents; j++) {
            UUID documentId = uuid();
            DocumentClass c = plan.documentClass(i, j);
            byte[] content = plan.content(i, j);
            out.get(SeedTable.DOCUMENT).row().uuid(documentId).uuid(recordId).text(c.loinc())
                    .text(plan.author(i, j).value()).time(lastDeposit.minus(plan.depositedBefore(i, j)))
                    .bool(plan.masked(i, j)).bool(plan.withheld(i, j)).nul().text("application/pdf")
                    .int8(content.length).bytes(key.title(documentId, plan.title(i, j)));
            out.get(SeedTable.DOCUMENT_CONTENT).row().uuid(documentId).bytes(key.content(documentId, content));
        }
    }

    /** Exactly the identity blob of a registration (record.RecordWriter): same fields, same order, same JSON encoder. */
    static byte[] identityJson(SyntheticPerson p) {
        return new JsonObject()
                .put("birthDate", p.birthDate().toString())
                .put("givenName", p.givenName())
                .put("familyName", p.familyName())
                .put("sex", p.sex() == 1 ? "M" : "F")
                .put("department", p.ins().birthDepartment())
                .put("phone", p.phone())
                .put("email", p.email())
                .toBuffer().getBytes();
    }

    /** A random (version 4) UUID from a per-thread generator seeded once from SecureRandom. */
    private UUID uuid() {
        long msb = (ids.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (ids.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
