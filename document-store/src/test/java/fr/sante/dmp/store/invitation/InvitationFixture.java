package fr.sante.dmp.store.invitation;

import static fr.sante.dmp.store.testing.Await.await;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.notify.Notifications;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.testing.TestClock;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A started store with a movable clock, the notifications schema migrated in the same database, and either an
 * enqueue-only outbox or (with {@link #withNotifications}) the real dispatcher. Builders for cohort files.
 */
final class InvitationFixture implements AutoCloseable {
    static final String OPPOSITION_URL = "https://www.monespacesante.fr/opposition";
    static final byte[] PAYLOAD_KEY = random32();
    private static final AtomicInteger SEQUENCE = new AtomicInteger(5000);

    final Vertx vertx;
    final TestDatabase db;
    final TestClock clock;
    final DocumentStore store;
    final Pool pool;
    final InsHasher hasher;
    Invitations invitations;

    private InvitationFixture(Vertx vertx, TestDatabase db, TestClock clock, DocumentStore store, Pool pool,
                              InsHasher hasher) {
        this.vertx = vertx;
        this.db = db;
        this.clock = clock;
        this.store = store;
        this.pool = pool;
        this.hasher = hasher;
    }

    static InvitationFixture start(TestDatabase db, InvitationOptions options) throws Exception {
        Notifications.migrate(db.jdbcUrl(), db.user(), db.password());
        byte[] insKey = random32();
        TestClock clock = new TestClock(Instant.now());
        Vertx vertx = Vertx.vertx();
        DocumentStore store = await(DocumentStore.start(vertx,
                new StoreOptions(db.pgUri(), 8, random32(), insKey, clock), ConsentEngine.withDefaultPolicy()));
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8))
                .connectingTo(PgConnectOptions.fromUri(db.pgUri())).using(vertx).build();
        InvitationFixture f = new InvitationFixture(vertx, db, clock, store, pool, new InsHasher(insKey));
        f.invitations = store.invitations(Notifications.outboxOnly(PAYLOAD_KEY), options);
        return f;
    }

    /** Rewires the invitations on {@code outbox} (e.g. a started {@code Notifications.outbox()}). */
    void useOutbox(Outbox outbox, InvitationOptions options) {
        invitations = store.invitations(outbox, options);
    }

    CampaignService campaigns() {
        return invitations.campaigns();
    }

    Scheduler scheduler() {
        return invitations.scheduler();
    }

    CampaignSummary importLines(List<String> lines) throws Exception {
        return importLines(CohortParser.BASE + "," + CohortParser.POSTAL_ADDRESS, lines);
    }

    CampaignSummary importLines(String header, List<String> lines) throws Exception {
        Path file = Files.createTempFile("cohort", ".csv");
        try {
            List<String> all = new ArrayList<>();
            all.add(header);
            all.addAll(lines);
            Files.write(file, all, StandardCharsets.UTF_8);
            return await(campaigns().importFile("admin-1", file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    String report(UUID campaignId) throws Exception {
        Path file = Files.createTempFile("report", ".csv");
        try {
            var out = await(vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true)));
            await(campaigns().writeRejectionReport(campaignId, out).eventually(out::close));
            return Files.readString(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A valid INS born in May 1985 (matches {@link #line}'s birth date), not used before in this JVM. */
    static Ins newIns() {
        String number = "2850575" + String.format("%06d", SEQUENCE.incrementAndGet());
        return new Ins(number + String.format("%02d", Ins.key(number)));
    }

    static String line(Ins ins, String phone, String email, String language) {
        return line(ins, phone, email, language, "");
    }

    /** With a postal address: lines separated by {@code |}, the last "postcode town". */
    static String line(Ins ins, String phone, String email, String language, String postalAddress) {
        return String.join(",", ins.value(), LocalDate.of(1985, 5, 12).toString(), "Camille", "Durand", phone, email,
                language, postalAddress);
    }

    /** A distinct valid French mobile number. */
    static String newPhone() {
        return "+3361" + String.format("%07d", SEQUENCE.incrementAndGet());
    }

    static String newEmail() {
        return "p" + SEQUENCE.incrementAndGet() + "@example.org";
    }

    Object recordColumn(Ins ins, String column) throws SQLException {
        return value("SELECT " + column + " FROM record WHERE ins_hash = ?", hasher.hash(ins));
    }

    Object value(String sql, Object... args) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    long count(String sql, Object... args) throws SQLException {
        return ((Number) value(sql, args)).longValue();
    }

    int update(String sql, Object... args) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }

    @Override
    public void close() throws Exception {
        invitations.scheduler().stop();
        await(pool.close());
        await(store.close());
        await(vertx.close());
    }

    static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // temp file: the OS cleans up
        }
    }
}
