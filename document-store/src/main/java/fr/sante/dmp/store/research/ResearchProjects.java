package fr.sante.dmp.store.research;

import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import javax.crypto.SecretKey;

/**
 * Research projects and their extracts (docs/research-use.md). Registering a project wraps a fresh pseudonymisation
 * key under the master key; an extract is written to a temporary directory beside {@code out}, audited with its
 * counts, and only then renamed to {@code out} (an extract that fails leaves nothing); the end of a project destroys
 * its key. Every step is one audit entry by the operator ({@code rule_id} = {@code research-project:<id>}).
 */
public final class ResearchProjects {
    /** The DPO's list is bounded: the newest extracts first. */
    public static final int MAX_LISTED = 1000;

    private final StoreKernel kernel;

    public ResearchProjects(StoreKernel kernel) {
        this.kernel = kernel;
    }

    public Future<ResearchProject> register(String operator, ResearchProject project) {
        if (operator == null || operator.isBlank()) {
            return Future.failedFuture(new RecordException.Invalid("operator", "is required"));
        }
        Instant now = now();
        byte[] wrapped = kernel.envelope().newProjectKey(project.id());
        Tuple args = Tuple.from(new Object[] {project.id(), project.name(), project.purpose(), project.legalBasis(),
            project.dataClasses().stream().sorted().toArray(String[]::new), project.periodStart(), project.periodEnd(),
            project.endDate(), project.k(), Buffer.buffer(wrapped), operator, utc(now)});
        return kernel.pool().withTransaction(tx -> tx.preparedQuery(ResearchSql.INSERT_PROJECT).execute(args)
                        .compose(v -> kernel.door().record(tx, event(now, operator,
                                AuditAction.REGISTER_RESEARCH_PROJECT, project.id()))))
                .recover(ResearchProjects::unavailable).map(v -> project);
    }

    /** The end of a project: its key destroyed; its pseudonyms link to nobody from now on. */
    public Future<Void> end(String operator, UUID projectId) {
        Instant now = now();
        return kernel.pool().withTransaction(tx -> tx.preparedQuery(ResearchSql.END_PROJECT)
                .execute(Tuple.of(projectId, utc(now))).compose(rows -> rows.rowCount() == 0
                        ? Future.failedFuture(new RecordException.NotFound("running research project"))
                        : kernel.door().record(tx, event(now, operator, AuditAction.END_RESEARCH_PROJECT, projectId))
                                .<Void>mapEmpty()))
                .recover(ResearchProjects::unavailable);
    }

    /** The newest extracts first, for the DPO (the caller audits the read). */
    public Future<List<ExtractSummary>> extracts(int limit) {
        return kernel.pool().preparedQuery(ResearchSql.EXTRACTS).execute(Tuple.of(Math.min(Math.max(1, limit),
                MAX_LISTED))).recover(ResearchProjects::unavailable).map(rows -> {
                    List<ExtractSummary> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new ExtractSummary(r.getUUID(0), r.getUUID(1), r.getString(2), r.getString(3),
                                r.getOffsetDateTime(4).toInstant(), r.getLong(5), r.getLong(6), r.getLong(7),
                                r.getLong(8), r.getLong(9), Optional.ofNullable(r.getOffsetDateTime(10))
                                        .map(OffsetDateTime::toInstant)));
                    }
                    return out;
                });
    }

    public Future<ResearchProject> project(UUID id) {
        return load(id).map(Loaded::project);
    }

    /**
     * Writes the project's extract to {@code out} (which must not exist yet): files in a temporary directory beside
     * it, the extract audited with its counts, then one rename. Fails with nothing written when the project ended,
     * is past its end date, or anything goes wrong.
     */
    public Future<ExtractReport> extract(String operator, UUID projectId, Path out) {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            return Future.failedFuture(new RecordException.Invalid("out", "already exists: give a new directory"));
        }
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            return Future.failedFuture(new RecordException.Invalid("out", "its parent directory does not exist"));
        }
        Instant now = now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return load(projectId).compose(loaded -> {
            ResearchProject p = loaded.project();
            if (p.endedAt().isPresent() || loaded.wrappedKey() == null) {
                return Future.failedFuture(new RecordException.Conflict("the project ended: its key was destroyed",
                        "le projet est terminé : sa clé a été détruite"));
            }
            if (today.isAfter(p.endDate())) {
                return Future.failedFuture(new RecordException.Conflict("the project is past its end date: end it",
                        "le projet a dépassé sa date de fin : il faut le terminer"));
            }
            SecretKey key = kernel.envelope().unwrapProjectKey(p.id(), loaded.wrappedKey());
            Path temporary = target.resolveSibling("." + target.getFileName() + ".partial-" + UUID.randomUUID());
            return kernel.vertx().executeBlocking(() -> write(p, key, temporary, today), false)
                    .compose(report -> audit(operator, p, report, now)
                            .compose(v -> kernel.vertx().executeBlocking(() -> {
                                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                                return report;
                            }, false)))
                    .onFailure(e -> deleteQuietly(temporary));
        });
    }

    private ExtractReport write(ResearchProject p, SecretKey key, Path dir, LocalDate today) throws Exception {
        Files.createDirectory(dir);
        PgConnectOptions pg = PgConnectOptions.fromUri(kernel.options().pgUri());
        try (Connection db = DriverManager.getConnection(fr.sante.dmp.store.Migrations.jdbcUrl(pg), pg.getUser(),
                pg.getPassword())) {
            // One snapshot for every pass: the groups counted are exactly the rows written.
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            db.setReadOnly(true);
            db.setAutoCommit(false); // a server-side cursor (fetch size) needs a transaction
            ExtractReport report;
            try (ExtractFiles files = new ExtractFiles(dir)) {
                report = new Extraction(db, kernel.envelope(), p, key,
                        kernel.consent().researchUseDefault().objected(Optional.empty()), today).run(files);
            }
            db.rollback();
            Files.writeString(dir.resolve("report.json"), report.json().encodePrettily());
            ExtractSchema.write(dir, p);
            return report;
        }
    }

    private Future<Void> audit(String operator, ResearchProject p, ExtractReport report, Instant now) {
        JsonObject json = report.json();
        Tuple args = Tuple.from(new Object[] {UUID.randomUUID(), p.id(), operator, utc(now), report.persons(),
            report.documents(), report.careLines(), report.suppressed(), report.generalised(), json});
        return kernel.pool().withTransaction(tx -> tx.preparedQuery(ResearchSql.INSERT_EXTRACT).execute(args)
                        .compose(v -> kernel.door().record(tx, event(now, operator, AuditAction.EXTRACT_RESEARCH_DATA,
                                p.id()))))
                .recover(ResearchProjects::unavailable).mapEmpty();
    }

    private Future<Loaded> load(UUID id) {
        return kernel.pool().preparedQuery(ResearchSql.PROJECT).execute(Tuple.of(id))
                .recover(ResearchProjects::unavailable).compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(new RecordException.NotFound("research project"));
                    }
                    Row r = rows.iterator().next();
                    Buffer wrapped = r.getBuffer(9);
                    ResearchProject p = new ResearchProject(r.getUUID(0), r.getString(1), r.getString(2),
                            r.getString(3), new java.util.LinkedHashSet<>(Arrays.asList(r.getArrayOfStrings(4))),
                            r.getLocalDate(5), r.getLocalDate(6), r.getLocalDate(7), r.getInteger(8),
                            Optional.ofNullable(r.getOffsetDateTime(10)).map(OffsetDateTime::toInstant));
                    return Future.succeededFuture(new Loaded(p, wrapped == null ? null : wrapped.getBytes()));
                });
    }

    private static AuditEvent event(Instant at, String operator, AuditAction action, UUID projectId) {
        return AuditEvent.operator(at, operator, action, null, "research-project:" + projectId);
    }

    private Instant now() {
        return kernel.clock().instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static <T> Future<T> unavailable(Throwable e) {
        return e instanceof RecordException r ? Future.failedFuture(r)
                : Future.failedFuture(new RecordException.Unavailable("research store unavailable", e));
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // nothing to add: the directory is hidden (a dot name) and marked .partial
        }
    }

    private record Loaded(ResearchProject project, byte[] wrappedKey) {
    }
}
