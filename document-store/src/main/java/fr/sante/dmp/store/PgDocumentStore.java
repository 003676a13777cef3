package fr.sante.dmp.store;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.alert.AlertFeed;
import fr.sante.dmp.store.alert.AlertOptions;
import fr.sante.dmp.store.audit.AuditAlarm;
import fr.sante.dmp.store.audit.AuditLog;
import fr.sante.dmp.store.audit.AuditMigrations;
import fr.sante.dmp.store.audit.AuditService;
import fr.sante.dmp.store.audit.GroupCommitAppender;
import fr.sante.dmp.store.audit.HeadCheckpoints;
import fr.sante.dmp.store.audit.PgAuditService;
import fr.sante.dmp.store.breakglass.BreakGlassGrants;
import fr.sante.dmp.store.breakglass.BreakGlassMigrations;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.invitation.InvitationOptions;
import fr.sante.dmp.store.invitation.Invitations;
import fr.sante.dmp.store.keys.KeyRotation;
import fr.sante.dmp.store.patient.DirectivesService;
import fr.sante.dmp.store.patient.InvitationCodes;
import fr.sante.dmp.store.patient.PasskeyService;
import fr.sante.dmp.store.patient.PatientService;
import fr.sante.dmp.store.patient.PgPasskeyService;
import fr.sante.dmp.store.patient.PgDirectivesService;
import fr.sante.dmp.store.patient.PgPatientService;
import fr.sante.dmp.store.record.PgRecordService;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;

/** The store on PostgreSQL: a transactional pool for writes and audit batches, a pipelined client for reads. */
final class PgDocumentStore implements DocumentStore {
    /** Unwrapped data keys kept for the hot path (about 100 bytes each). */
    static final int CACHED_KEYS = 10_000;
    static final int PIPELINING_LIMIT = 256;

    private final Vertx vertx;
    private final KeyRotation keyRotation;
    private final long checkpointTimer;
    private final Pool pool;
    private final SqlClient client;
    private final RecordService records;
    private final AuditService audit;
    private final PatientService patients;
    private final DirectivesService directives;
    private final PasskeyService passkeys;
    private final InvitationsFactory invitations;
    private final BreakGlassFactory breakGlass;
    private final AlertsFactory alerts;
    private final HeadCheckpoints headCheckpoints;

    /** What the break-glass grants need from the store's wiring. */
    private interface BreakGlassFactory {
        BreakGlassGrants create(Outbox outbox, java.time.Duration ttl, String spaceUrl);
    }

    /** What the alert feed needs from the store's wiring. */
    private interface AlertsFactory {
        AlertFeed create(Outbox outbox, AlertOptions options);
    }

    /** What the invitation side needs from the store's wiring (keys, pool, audit chain, clock). */
    private interface InvitationsFactory {
        Invitations create(Outbox outbox, InvitationOptions options);
    }

    private PgDocumentStore(Vertx vertx, Pool pool, SqlClient client, RecordService records, AuditService audit,
                            PatientService patients, DirectivesService directives, PasskeyService passkeys,
                            InvitationsFactory invitations, KeyRotation keyRotation, long checkpointTimer,
                            BreakGlassFactory breakGlass, AlertsFactory alerts, HeadCheckpoints headCheckpoints) {
        this.headCheckpoints = headCheckpoints;
        this.breakGlass = breakGlass;
        this.alerts = alerts;
        this.vertx = vertx;
        this.keyRotation = keyRotation;
        this.checkpointTimer = checkpointTimer;
        this.pool = pool;
        this.client = client;
        this.records = records;
        this.audit = audit;
        this.patients = patients;
        this.directives = directives;
        this.passkeys = passkeys;
        this.invitations = invitations;
    }

    static Future<PgDocumentStore> start(Vertx vertx, StoreOptions options, ConsentEngine consent) {
        PgConnectOptions connect;
        try {
            connect = PgConnectOptions.fromUri(options.pgUri());
        } catch (RuntimeException e) {
            return Future.failedFuture(new IllegalArgumentException("pgUri is not a postgresql:// URI"));
        }
        connect.setCachePreparedStatements(true).setPipeliningLimit(PIPELINING_LIMIT);
        return vertx.executeBlocking(() -> Migrations.apply(connect)
                + fr.sante.dmp.store.carehistory.CareHistoryMigrations.apply(connect)
                + BreakGlassMigrations.apply(connect)
                + AuditMigrations.apply(connect), false).map(applied -> {
            PoolOptions poolOptions = new PoolOptions().setMaxSize(Math.max(1, options.poolSize()));
            Pool pool = PgBuilder.pool().with(poolOptions).connectingTo(connect).using(vertx).build();
            SqlClient client = PgBuilder.client().with(poolOptions).connectingTo(connect).using(vertx).build();
            InsHasher insHasher = new InsHasher(options.insHashKey());
            Envelope envelope = new Envelope(options.masterKeys(), CACHED_KEYS);
            // One alarm for both signers (in-transaction and head), exported by the audit service.
            AuditAlarm alarm = new AuditAlarm();
            AuditLog auditLog = new AuditLog(options.audit(), alarm);
            GroupCommitAppender appender = new GroupCommitAppender(vertx, pool, auditLog);
            RecordService records = new PgRecordService(vertx, pool, client, consent, envelope, insHasher, auditLog,
                    appender, options.clock());
            InvitationCodes codes = new InvitationCodes(options.insHashKey(), options.clock());
            PatientService patients = new PgPatientService(pool, consent, envelope, insHasher, codes, auditLog,
                    options.clock());
            DirectivesService directives = new PgDirectivesService(client, consent, envelope, insHasher, appender,
                    options.clock());
            InvitationsFactory invitations = (outbox, invitationOptions) -> new Invitations(vertx, pool, outbox,
                    envelope, insHasher, codes, auditLog, invitationOptions, options.clock());
            BreakGlassFactory breakGlass = (outbox, ttl, spaceUrl) -> new BreakGlassGrants(pool, records, envelope,
                    insHasher, outbox, ttl, spaceUrl, options.clock());
            HeadCheckpoints checkpoints = new HeadCheckpoints(vertx, pool, options.audit(), options.clock(), alarm);
            long timer = checkpoints.schedule(vertx, options.audit().checkpointInterval());
            PasskeyService passkeys = new PgPasskeyService(pool, envelope, insHasher, auditLog, options.clock());
            return new PgDocumentStore(vertx, pool, client, records,
                    new PgAuditService(vertx, pool, insHasher, options.audit(), appender, alarm, options.clock()),
                    patients, directives, passkeys, invitations,
                    new KeyRotation(pool, envelope, options.clock()), timer, breakGlass,
                    (outbox, alertOptions) -> new AlertFeed(vertx, pool, outbox, envelope, alertOptions), checkpoints);
        }).compose(store -> {
            // A chain that existed before signing was enabled, or grew while no instance ran, is signed at once
            // (once the entries since the last checkpoint are checked: a broken chain is refused, not signed).
            return store.headCheckpoints.signHead().map(signed -> store);
        });
    }

    @Override
    public RecordService records() {
        return records;
    }

    @Override
    public AuditService audit() {
        return audit;
    }

    @Override
    public PatientService patients() {
        return patients;
    }

    @Override
    public DirectivesService directives() {
        return directives;
    }

    @Override
    public PasskeyService passkeys() {
        return passkeys;
    }

    @Override
    public Invitations invitations(Outbox outbox, InvitationOptions options) {
        return invitations.create(outbox, options);
    }

    @Override
    public BreakGlassGrants breakGlass(Outbox outbox, java.time.Duration ttl, String spaceUrl) {
        return breakGlass.create(outbox, ttl, spaceUrl);
    }

    @Override
    public AlertFeed alerts(Outbox outbox, AlertOptions options) {
        return alerts.create(outbox, options);
    }

    @Override
    public KeyRotation keyRotation() {
        return keyRotation;
    }

    @Override
    public Future<Void> ping() {
        return client.query("SELECT 1").execute().<Void>mapEmpty()
                .recover(e -> Future.failedFuture(new RecordException.Unavailable("database unreachable", e)));
    }

    @Override
    public Future<Void> close() {
        if (checkpointTimer >= 0) {
            vertx.cancelTimer(checkpointTimer);
        }
        return Future.all(client.close(), pool.close()).mapEmpty();
    }
}
