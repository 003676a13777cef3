package fr.sante.dmp.store.record;

import static fr.sante.dmp.store.testing.Await.await;

import fr.sante.dmp.consent.ActorCategory;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** A started store on a test database, with builders for valid identifiers and SQL doors for the patient's choices. */
public final class StoreFixture implements AutoCloseable {
    private static final AtomicInteger SEQUENCE = new AtomicInteger(1000);

    public final Vertx vertx;
    public final DocumentStore store;
    public final TestDatabase db;
    /** The options the store runs with (its keys): for services started beside it, e.g. the care history. */
    public final StoreOptions options;
    private final InsHasher hasher;

    private StoreFixture(Vertx vertx, DocumentStore store, TestDatabase db, StoreOptions options, InsHasher hasher) {
        this.vertx = vertx;
        this.store = store;
        this.db = db;
        this.options = options;
        this.hasher = hasher;
    }

    public static StoreFixture start(TestDatabase db) throws Exception {
        return start(db, o -> o);
    }

    /** A store whose options are adjusted first (signed audit, other master keys). */
    public static StoreFixture start(TestDatabase db, java.util.function.UnaryOperator<StoreOptions> adjust)
            throws Exception {
        byte[] master = random32();
        byte[] insKey = random32();
        Vertx vertx = Vertx.vertx();
        StoreOptions options = adjust.apply(new StoreOptions(db.pgUri(), 4, master, insKey, Clock.systemUTC()));
        DocumentStore store = await(DocumentStore.start(vertx, options, ConsentEngine.withDefaultPolicy()));
        return new StoreFixture(vertx, store, db, options, new InsHasher(insKey));
    }

    public RecordService records() {
        return store.records();
    }

    /** A valid INS not used before in this JVM. */
    public static Ins newIns() {
        String number = "1850575" + String.format("%06d", SEQUENCE.incrementAndGet());
        return new Ins(number + String.format("%02d", Ins.key(number)));
    }

    public static Rpps newRpps() {
        String payload = "10" + String.format("%08d", SEQUENCE.incrementAndGet());
        return new Rpps(payload + Rpps.luhnCheckDigit(payload));
    }

    public static Actor.Professional professional(Profession profession) {
        return Actor.Professional.of(newRpps(), profession);
    }

    public static Actor.Professional physician() {
        return professional(Profession.PHYSICIAN);
    }

    public static Actor.Professional withCategory(Profession profession, ActorCategory category) {
        return new Actor.Professional(newRpps(), profession, Optional.empty(), category);
    }

    public static PersonRegistration person(String familyName, RecordState state) {
        return new PersonRegistration(LocalDate.of(1985, 5, 12), "Camille", familyName, "F",
                Optional.of("+33612345678"), Optional.of("camille@example.org"), state);
    }

    public static NewDocument document(DocumentClass c, String title, String content) {
        return new NewDocument(c, title, "text/plain", content.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Registers an ACTIVE record and returns its INS. */
    public Ins activePatient() throws Exception {
        Ins ins = newIns();
        await(records().register("admin", ins, person("Martin", RecordState.ACTIVE)));
        return ins;
    }

    public UUID recordId(Ins ins) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT id FROM record WHERE ins_hash = ?")) {
            s.setBytes(1, hasher.hash(ins));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? (UUID) rs.getObject(1) : null;
            }
        }
    }

    public byte[] insHash(Ins ins) {
        return hasher.hash(ins);
    }

    public void block(Ins ins, Rpps rpps) throws SQLException {
        update("INSERT INTO blocked_professional (record_id, rpps, blocked_at) VALUES (?, ?, now())",
                recordId(ins), rpps.value());
    }

    public void treatingDoctor(Ins ins, Rpps rpps) throws SQLException {
        update("UPDATE consent_settings SET treating_doctor = ? WHERE record_id = ?", rpps.value(), recordId(ins));
    }

    public void opposeEmergencyAccess(Ins ins) throws SQLException {
        update("UPDATE consent_settings SET emergency_access_opposed = true WHERE record_id = ?", recordId(ins));
    }

    public void mask(UUID documentId) throws SQLException {
        update("UPDATE document SET masked = true WHERE id = ?", documentId);
    }

    public int update(String sql, Object... args) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }

    public long count(String sql, Object... args) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public long auditCount() throws SQLException {
        return count("SELECT count(*) FROM audit_log");
    }

    /**
     * Puts this professional in a care relationship with the patient the way practice software does: the directory
     * learns them from their token, the patient issues a care code, the software opens a context with it. Returns
     * the professional, for {@code doctor = f.inCare(physician(), ins)}.
     */
    public Actor.Professional inCare(Actor.Professional pro, Ins ins) throws Exception {
        return inCare(store, pro, ins);
    }

    public static Actor.Professional inCare(DocumentStore store, Actor.Professional pro, Ins ins) throws Exception {
        await(store.careContexts().seen(pro));
        String code = await(store.careContexts().issueCareCode(ins)).code();
        await(store.careContexts().open(pro, ins, new fr.sante.dmp.store.care.CareProof.CareCode(code)));
        return pro;
    }

    @Override
    public void close() throws Exception {
        await(store.close());
        await(vertx.close());
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
