package fr.sante.dmp.store.carehistory;

import static fr.sante.dmp.store.testing.Await.await;

import fr.sante.dmp.consent.ActorCategory;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.TestClock;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** The store and the care-history service on one test database, sharing keys and a clock the test moves. */
final class CareHistoryFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-15T10:00:00Z");
    private static final AtomicInteger LINE = new AtomicInteger();

    final Vertx vertx;
    final DocumentStore store;
    final CareHistoryService care;
    final TestDatabase db;
    final TestClock clock;
    private final InsHasher hasher;

    private CareHistoryFixture(Vertx vertx, DocumentStore store, CareHistoryService care, TestDatabase db,
                               TestClock clock, InsHasher hasher) {
        this.vertx = vertx;
        this.store = store;
        this.care = care;
        this.db = db;
        this.clock = clock;
        this.hasher = hasher;
    }

    static CareHistoryFixture start(TestDatabase db, CareHistoryOptions options) throws Exception {
        byte[] master = random32();
        byte[] insKey = random32();
        TestClock clock = new TestClock(START);
        Vertx vertx = Vertx.vertx();
        StoreOptions storeOptions = new StoreOptions(db.pgUri(), 4, master, insKey, clock);
        ConsentEngine engine = ConsentEngine.withDefaultPolicy();
        DocumentStore store = await(DocumentStore.start(vertx, storeOptions, engine));
        CareHistoryService care = await(store.careHistory(options));
        return new CareHistoryFixture(vertx, store, care, db, clock, new InsHasher(insKey));
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    Ins patient(RecordState state) throws Exception {
        Ins ins = StoreFixture.newIns();
        await(store.records().register("admin", ins, StoreFixture.person("Martin",
                state == RecordState.INVITED ? RecordState.INVITED : RecordState.ACTIVE)));
        if (state == RecordState.OPPOSED || state == RecordState.PURGED) {
            update("UPDATE record SET state = ?, wrapped_key = NULL WHERE id = ?", state.name(), recordId(ins));
        } else if (state == RecordState.CLOSED) {
            update("UPDATE record SET state = 'CLOSED', closed_at = now() WHERE id = ?", recordId(ins));
        }
        return ins;
    }

    static Actor.Professional feeder() {
        return new Actor.Professional(StoreFixture.newRpps(), Profession.PHYSICIAN, Optional.empty(),
                ActorCategory.INSURER_FEED);
    }

    /** One valid NDJSON line; {@code extra} overrides or adds fields. */
    static String line(Ins ins, LocalDate date, String code, String label, JsonObject extra) {
        JsonObject json = new JsonObject()
                .put("lineId", "L" + LINE.incrementAndGet())
                .put("ins", ins.value())
                .put("dateOfCare", date.toString())
                .put("kind", "ACT")
                .put("code", code)
                .put("label", label)
                .put("performerRpps", "10001234565")
                .put("amount", "25.00");
        return json.mergeIn(extra == null ? new JsonObject() : extra).encode();
    }

    static String line(Ins ins, LocalDate date, String label) {
        return line(ins, date, "GS", label, null);
    }

    FeedReport feed(List<String> lines) throws Exception {
        return await(care.feed(feeder(), lines.iterator()));
    }

    UUID recordId(Ins ins) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT id FROM record WHERE ins_hash = ?")) {
            s.setBytes(1, hasher.hash(ins));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? (UUID) rs.getObject(1) : null;
            }
        }
    }

    void treatingDoctor(Ins ins, Rpps rpps) throws SQLException {
        update("UPDATE consent_settings SET treating_doctor = ? WHERE record_id = ?", rpps.value(), recordId(ins));
    }

    void block(Ins ins, Rpps rpps) throws SQLException {
        update("INSERT INTO blocked_professional (record_id, rpps, blocked_at) VALUES (?, ?, now())", recordId(ins),
                rpps.value());
    }

    int update(String sql, Object... args) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }

    long count(String sql, Object... args) throws SQLException {
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

    long lines(Ins ins) throws SQLException {
        return count("SELECT count(*) FROM care_history_line WHERE record_id = ?", recordId(ins));
    }

    @Override
    public void close() throws Exception {
        await(care.close());
        await(store.close());
        await(vertx.close());
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
