package fr.sante.dmp.store;

import fr.sante.dmp.notify.PeriodicPass;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.alert.AlertFeed;
import fr.sante.dmp.store.alert.AlertOptions;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.audit.AuditAlarm;
import fr.sante.dmp.store.audit.AuditLog;
import fr.sante.dmp.store.audit.AuditMigrations;
import fr.sante.dmp.store.audit.AuditService;
import fr.sante.dmp.store.audit.GroupCommitAppender;
import fr.sante.dmp.store.audit.HeadCheckpoints;
import fr.sante.dmp.store.audit.PgAuditService;
import fr.sante.dmp.store.breakglass.BreakGlassGrants;
import fr.sante.dmp.store.breakglass.BreakGlassMigrations;
import fr.sante.dmp.store.care.CareContextService;
import fr.sante.dmp.store.carehistory.CareHistoryOptions;
import fr.sante.dmp.store.carehistory.CareHistoryService;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.invitation.InvitationOptions;
import fr.sante.dmp.store.invitation.Invitations;
import fr.sante.dmp.store.keys.KeyRotation;
import fr.sante.dmp.store.patient.directives.DirectivesService;
import fr.sante.dmp.store.patient.login.InvitationCodes;
import fr.sante.dmp.store.patient.passkey.PasskeyService;
import fr.sante.dmp.store.patient.PatientServices;
import fr.sante.dmp.store.patient.passkey.PgPasskeyService;
import fr.sante.dmp.store.patient.directives.PgDirectivesService;
import fr.sante.dmp.store.record.PgRecordService;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;

/**
 * The store on PostgreSQL: one {@link StoreKernel} (a transactional pool for writes and audit batches, a pipelined
 * client for reads, one envelope, one access door) shared by every service.
 */
final class PgDocumentStore implements DocumentStore {
    /** Unwrapped data keys kept for the hot path (about 100 bytes each). */
    static final int CACHED_KEYS = 10_000;
    static final int PIPELINING_LIMIT = 256;
    /** Longest statement text the client prepares once and keeps (every statement of the store fits). */
    static final int PREPARED_SQL_LIMIT = 8192;

    private final StoreKernel kernel;
    private final KeyRotation keyRotation;
    private final Optional<PeriodicPass<Optional<Long>>> checkpointPass;
    private final RecordService records;
    private final AuditService audit;
    private final PatientServices patients;
    private final DirectivesService directives;
    private final PasskeyService passkeys;
    private final InvitationCodes codes;
    private final CareContextService careContexts;
    private final fr.sante.dmp.store.care.ProfessionalDirectory directory;
    private final fr.sante.dmp.store.representation.Representations representations;

    private final HeadCheckpoints headCheckpoints;

    private PgDocumentStore(StoreKernel kernel, RecordService records, AuditService audit, PatientServices patients,
                            DirectivesService directives, PasskeyService passkeys, InvitationCodes codes,
                            KeyRotation keyRotation, Optional<PeriodicPass<Optional<Long>>> checkpointPass,
                            HeadCheckpoints headCheckpoints) {
        this.kernel = kernel;
        this.headCheckpoints = headCheckpoints;
        this.records = records;
        this.audit = audit;
        this.patients = patients;
        this.directives = directives;
        this.passkeys = passkeys;
        this.codes = codes;
        this.keyRotation = keyRotation;
        this.checkpointPass = checkpointPass;
        this.careContexts = CareContextService.on(kernel);
        this.directory = fr.sante.dmp.store.care.ProfessionalDirectory.on(kernel);
        this.representations = new fr.sante.dmp.store.representation.PgRepresentations(kernel);
    }

    static Future<PgDocumentStore> start(Vertx vertx, StoreOptions options, ConsentEngine consent) {
        PgConnectOptions connect;
        try {
            connect = PgConnectOptions.fromUri(options.pgUri());
        } catch (RuntimeException e) {
            return Future.failedFuture(new IllegalArgumentException("pgUri is not a postgresql:// URI"));
        }
        // The client caches only statements up to 2,048 characters by default; a longer one (the FHIR search, 2,191)
        // was parsed and planned again on every execution, 1 ms of PostgreSQL CPU each (G2f a quarter of G2).
        connect.setCachePreparedStatements(true).setPreparedStatementCacheSqlLimit(PREPARED_SQL_LIMIT)
                .setPipeliningLimit(PIPELINING_LIMIT);
        return vertx.executeBlocking(() -> Migrations.apply(connect)
                + Migrations.notificationsReadContract(connect)
                + fr.sante.dmp.store.carehistory.CareHistoryMigrations.apply(connect)
                + BreakGlassMigrations.apply(connect)
                + AuditMigrations.apply(connect), false).map(applied -> {
            PoolOptions poolOptions = new PoolOptions().setMaxSize(Math.max(1, options.poolSize()));
            Pool pool = PgBuilder.pool().with(poolOptions).connectingTo(connect).using(vertx).build();
            // The hot reads carry the consent snapshot's subqueries, for which PostgreSQL's cost guess keeps choosing
            // a custom plan: every list was planned again (0.18 ms of planning for 0.05 ms of execution; G2 fell to a
            // third). On the read client's sessions each statement is planned once, generically.
            PgConnectOptions reads = new PgConnectOptions(connect).addProperty("plan_cache_mode", "force_generic_plan");
            SqlClient client = PgBuilder.client().with(poolOptions).connectingTo(reads).using(vertx).build();
            // One alarm for both signers (in-transaction and head), exported by the audit service.
            AuditAlarm alarm = new AuditAlarm();
            AuditLog auditLog = new AuditLog(options.audit(), alarm);
            GroupCommitAppender appender = new GroupCommitAppender(vertx, pool, auditLog);
            AccessDoor door = new AccessDoor(consent, auditLog, appender);
            StoreKernel kernel = new StoreKernel(vertx, pool, client, new Envelope(options.masterKeys(), CACHED_KEYS),
                    new InsHasher(options.insHashKey()), door, consent, options, options.clock());
            PgRecordService records = new PgRecordService(kernel);
            InvitationCodes codes = new InvitationCodes(options.insHashKey(), options.clock(),
                    consent.invitations().oppositionWindow());
            PatientServices patients = PatientServices.on(kernel, records.patientDeposits(), codes);
            DirectivesService directives = new PgDirectivesService(client, door, kernel.envelope(),
                    kernel.insHasher(), options.clock());
            HeadCheckpoints checkpoints = new HeadCheckpoints(vertx, pool, options.audit(), options.clock(), alarm);
            Optional<PeriodicPass<Optional<Long>>> checkpointPass = checkpoints.schedule(vertx,
                    options.audit().checkpointInterval());
            PasskeyService passkeys = new PgPasskeyService(pool, kernel.envelope(), kernel.insHasher(), door,
                    options.clock());
            return new PgDocumentStore(kernel, records, new PgAuditService(vertx, pool, kernel.insHasher(),
                    options.audit(), appender, alarm, options.clock()), patients, directives, passkeys, codes,
                    new KeyRotation(pool, kernel.envelope(), options.clock()), checkpointPass, checkpoints);
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
    public fr.sante.dmp.store.audit.AppendStats auditAppends() {
        return kernel.door().appends();
    }

    @Override
    public fr.sante.dmp.store.access.DecisionTally decisions() {
        return kernel.door().tally();
    }

    @Override
    public Future<java.util.Map<fr.sante.dmp.consent.RecordState, Long>> recordsByState() {
        return kernel.pool().query("SELECT state, count(*) AS n FROM record GROUP BY state").execute().map(rows -> {
            java.util.Map<fr.sante.dmp.consent.RecordState, Long> out =
                    new java.util.EnumMap<>(fr.sante.dmp.consent.RecordState.class);
            for (fr.sante.dmp.consent.RecordState s : fr.sante.dmp.consent.RecordState.values()) {
                out.put(s, 0L);
            }
            for (io.vertx.sqlclient.Row r : rows) {
                out.put(fr.sante.dmp.consent.RecordState.valueOf(r.getString("state")),
                        r.getLong("n"));
            }
            return out;
        });
    }

    @Override
    public fr.sante.dmp.store.research.ResearchProjects research() {
        return new fr.sante.dmp.store.research.ResearchProjects(kernel);
    }

    @Override
    public PatientServices patients() {
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
        return new Invitations(kernel.vertx(), kernel.pool(), outbox, kernel.envelope(), kernel.insHasher(), codes,
                kernel.door(), options, kernel.clock());
    }

    @Override
    public fr.sante.dmp.store.patient.lifecycle.AssistedOppositions assistedOppositions(Outbox outbox) {
        return new fr.sante.dmp.store.patient.lifecycle.AssistedOppositions(kernel, codes, outbox);
    }

    @Override
    public BreakGlassGrants breakGlass(Outbox outbox, java.time.Duration ttl, String spaceUrl) {
        return new BreakGlassGrants(kernel.pool(), records, kernel.envelope(), kernel.insHasher(), outbox, ttl,
                spaceUrl, kernel.clock());
    }

    @Override
    public AlertFeed alerts(Outbox outbox, AlertOptions options) {
        return new AlertFeed(kernel.vertx(), kernel.pool(), outbox, kernel.envelope(), options);
    }

    @Override
    public Future<CareHistoryService> careHistory(CareHistoryOptions options) {
        return CareHistoryService.on(kernel, options);
    }

    @Override
    public CareContextService careContexts() {
        return careContexts;
    }

    @Override
    public fr.sante.dmp.store.care.ProfessionalDirectory directory() {
        return directory;
    }

    public fr.sante.dmp.store.representation.Representations representations() {
        return representations;
    }

    @Override
    public KeyRotation keyRotation() {
        return keyRotation;
    }

    @Override
    public Future<Void> ping() {
        return kernel.client().query("SELECT 1").execute().<Void>mapEmpty()
                .recover(e -> Future.failedFuture(new RecordException.Unavailable("database unreachable", e)));
    }

    @Override
    public Future<Void> close() {
        checkpointPass.ifPresent(PeriodicPass::stop);
        return Future.all(kernel.client().close(), kernel.pool().close()).mapEmpty();
    }
}
