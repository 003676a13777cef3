package fr.sante.dmp.store.patient.overview;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.store.patient.Identity;
import fr.sante.dmp.store.patient.PatientTransaction;
import fr.sante.dmp.store.patient.choices.AlertPreferences;
import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ConsentSettings;
import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.DocumentFacts;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.consent.RecordLifecycle;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.access.ConsentSnapshot;
import fr.sante.dmp.store.access.ConsentSql;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;

/** What the patient sees of their record: the dashboard and the "who can see what" preview, from one pair of queries. */
final class PatientDashboard {
    private static final String[] NOBODY = new String[0];
    private final Pool pool;
    private final AccessDoor door;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final Clock clock;
    private final Optional<fr.sante.dmp.consent.Representation> by;

    PatientDashboard(Pool pool, AccessDoor door, Envelope envelope, InsHasher insHasher, Clock clock) {
        this(pool, door, envelope, insHasher, clock, Optional.empty());
    }

    /** The same views as a representative sees them (confidential documents left out of lists, counts, previews). */
    PatientDashboard as(fr.sante.dmp.consent.Representation representative) {
        return new PatientDashboard(pool, door, envelope, insHasher, clock, Optional.of(representative));
    }

    private PatientDashboard(Pool pool, AccessDoor door, Envelope envelope, InsHasher insHasher, Clock clock,
                  Optional<fr.sante.dmp.consent.Representation> by) {
        this.by = by;
        this.pool = pool;
        this.door = door;
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.clock = clock;
    }

    Future<PatientOverview> overview(Ins ins) {
        return load(ins).map(s -> overviewOf(ins, s));
    }

    /** The overview and the preview from one load of the record (the privacy page without htmx shows both). */
    Future<OverviewWithPreview> overviewWithPreview(Ins ins, Profession profession) {
        if (profession == null) {
            return Future.failedFuture(new RecordException.Invalid("profession", "is required"));
        }
        return load(ins).map(s -> new OverviewWithPreview(overviewOf(ins, s), previewOf(ins, s, profession)));
    }

    private PatientOverview overviewOf(Ins ins, Snapshot s) {
        Instant now = clock.instant();
        int visible = door.visibleToPatient(patientRequest(ins, s, now), s.facts()).size();
        Identity person = s.key == null || s.identity == null ? null
                : Identity.open(envelope, s.key, s.recordId, s.identity);
        String givenName = person == null ? "" : person.givenName();
        Optional<Instant> deletionDue = Optional.empty();
        Optional<Instant> archivedUntil = Optional.empty();
        if (s.state == RecordState.CLOSED) {
            // As RecordLifecycle.purgeDue: the archive period, or sooner the deletion delay once requested.
            Instant archiveEnd = s.closedAt.map(c -> c.plus(RecordLifecycle.ARCHIVE_PERIOD)).orElse(now);
            Optional<Instant> requested = s.deletionRequestedAt.map(d -> d.plus(RecordLifecycle.DELETION_DELAY));
            deletionDue = requested.map(d -> d.isBefore(archiveEnd) ? d : archiveEnd);
            archivedUntil = requested.isPresent() ? Optional.empty() : Optional.of(archiveEnd);
        }
        return new PatientOverview(s.state, s.deadline, givenName, s.consent.treatingDoctor().map(Rpps::value),
                s.consent.emergencyAccessOpposed(), sortedValues(s.consent.blocked()), s.alerts, visible,
                deletionDue, archivedUntil, person == null ? "" : person.familyName());
    }

    /**
     * The consent engine's answer per document for a synthetic professional of this profession caring for the patient
     * (a live care context): ordinary care, not the treating doctor, not blocked, not an author. Documents still
     * withheld from the patient are left out.
     */
    Future<AccessPreview> preview(Ins ins, Profession profession) {
        if (profession == null) {
            return Future.failedFuture(new RecordException.Invalid("profession", "is required"));
        }
        return load(ins).map(s -> previewOf(ins, s, profession));
    }

    private AccessPreview previewOf(Ins ins, Snapshot s, Profession profession) {
        Instant now = clock.instant();
        Actor.Professional someone = Actor.Professional.of(syntheticRpps(s), profession);
        AccessRequest asPatient = patientRequest(ins, s, now);
        AccessRequest asProfessional = new AccessRequest(someone, Action.READ_DOCUMENT, s.state,
                s.consent.withCareContext(someone.rpps()), Purpose.CARE, Optional.empty(), now);
        List<DocumentFacts> seen = door.visibleToPatient(asPatient, s.facts());
        List<AccessPreview.Item> items = new ArrayList<>(s.docs.size());
        for (Doc doc : s.docs) {
            if (!seen.contains(doc.facts)) {
                continue;
            }
            Decision d = door.preview(asProfessional, doc.facts);
            String title = envelope.openTitle(s.key, s.recordId, doc.id, doc.title);
            items.add(new AccessPreview.Item(doc.id, title, doc.facts.documentClass().loinc(), d.allowed(),
                    d.ruleId(), d.reasonFr(), d.reasonEn()));
        }
        return new AccessPreview(profession.code(), List.copyOf(items));
    }

    private AccessRequest patientRequest(Ins ins, Snapshot s, Instant now) {
        return new AccessRequest(new Actor.Patient(ins, by), Action.LIST_DOCUMENTS, s.state, s.consent, Purpose.CARE,
                Optional.empty(), now);
    }

    /** An RPPS that is none of the record's treating doctor, blocked professionals or authors. */
    private static Rpps syntheticRpps(Snapshot s) {
        Set<String> taken = new HashSet<>();
        s.consent.treatingDoctor().ifPresent(r -> taken.add(r.value()));
        s.consent.blocked().forEach(r -> taken.add(r.value()));
        s.docs.forEach(d -> d.facts.author().ifPresent(r -> taken.add(r.value())));
        for (int i = 0; ; i++) {
            String payload = String.format("%010d", i);
            String candidate = payload + Rpps.luhnCheckDigit(payload);
            if (!taken.contains(candidate)) {
                return new Rpps(candidate);
            }
        }
    }

    private Future<Snapshot> load(Ins ins) {
        Buffer insHash = Buffer.buffer(insHasher.hash(ins));
        Future<RowSet<Row>> record = pool.preparedQuery(OverviewSql.OVERVIEW)
                .execute(Tuple.of(insHash, ConsentSql.at(clock.instant()), NOBODY,
                        (double) door.consent().invitations().oppositionWindow().toSeconds()));
        Future<RowSet<Row>> documents = pool.preparedQuery(OverviewSql.DOCUMENTS).execute(Tuple.of(insHash));
        return Future.all(record, documents).recover(ServiceFailures::fail).compose(v -> {
            if (record.result().size() == 0) {
                return Future.failedFuture(new RecordException.NotFound("patient"));
            }
            try {
                return Future.succeededFuture(snapshot(record.result().iterator().next(), documents.result()));
            } catch (RuntimeException e) {
                return ServiceFailures.fail(e);
            }
        });
    }

    private Snapshot snapshot(Row r, RowSet<Row> docRows) {
        ConsentSnapshot consent = ConsentSnapshot.from(r);
        UUID recordId = consent.recordId();
        Buffer identity = r.getBuffer("identity");
        SecretKey key = consent.wrappedKey() == null ? null : envelope.unwrap(recordId, consent.wrappedKey());
        ConsentSettings settings = consent.settings();
        Boolean every = r.getBoolean("every_access");
        AlertPreferences alerts = every == null ? AlertPreferences.DEFAULT : new AlertPreferences(every,
                r.getBoolean("first_access"), r.getBoolean("new_document"),
                AlertPreferences.Channel.valueOf(r.getString("channel")), r.getBoolean("care_context"));
        List<Doc> docs = new ArrayList<>(docRows.size());
        for (Row d : docRows) {
            OffsetDateTime released = d.getOffsetDateTime(6);
            UUID id = d.getUUID(0);
            DocumentFacts facts = new DocumentFacts(id.toString(), DocumentClass.fromLoinc(d.getString(1)),
                    Optional.ofNullable(d.getString(2)).map(Rpps::new), d.getOffsetDateTime(3).toInstant(),
                    d.getBoolean(4), d.getBoolean(5), Optional.ofNullable(released).map(OffsetDateTime::toInstant),
                    d.getBoolean(8));
            docs.add(new Doc(id, facts, d.getBuffer(7).getBytes()));
        }
        OffsetDateTime deadline = r.getOffsetDateTime("opposition_deadline");
        return new Snapshot(recordId, consent.state(),
                Optional.ofNullable(deadline).map(OffsetDateTime::toInstant), key,
                identity == null ? null : identity.getBytes(), settings, alerts, docs,
                Optional.ofNullable(r.getOffsetDateTime("closed_at")).map(OffsetDateTime::toInstant),
                Optional.ofNullable(r.getOffsetDateTime("deletion_requested_at")).map(OffsetDateTime::toInstant));
    }

    private static Set<String> sortedValues(Set<Rpps> rpps) {
        Set<String> out = new LinkedHashSet<>();
        rpps.stream().map(Rpps::value).sorted().forEach(out::add);
        return out;
    }

    private record Doc(UUID id, DocumentFacts facts, byte[] title) {
    }

    private record Snapshot(UUID recordId, RecordState state, Optional<Instant> deadline, SecretKey key,
                            byte[] identity, ConsentSettings consent, AlertPreferences alerts, List<Doc> docs,
                            Optional<Instant> closedAt, Optional<Instant> deletionRequestedAt) {
        List<DocumentFacts> facts() {
            List<DocumentFacts> out = new ArrayList<>(docs.size());
            docs.forEach(d -> out.add(d.facts));
            return out;
        }
    }
}
