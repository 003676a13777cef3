package fr.sante.dmp.pwa.bench;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.patient.history.AccessHistoryPage;
import fr.sante.dmp.store.patient.overview.AccessPreview;
import fr.sante.dmp.store.patient.directives.AdvanceDirective;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent;
import fr.sante.dmp.store.patient.choices.AlertPreferences;
import fr.sante.dmp.store.patient.lifecycle.OppositionReceipt;
import fr.sante.dmp.store.patient.login.PatientContact;
import fr.sante.dmp.store.patient.overview.PatientOverview;
import fr.sante.dmp.store.patient.PatientServices;
import fr.sante.dmp.store.patient.choices.ChoicesService;
import fr.sante.dmp.store.patient.contact.ContactChannel;
import fr.sante.dmp.store.patient.contact.ContactService;
import fr.sante.dmp.store.patient.directives.PatientDirectivesService;
import fr.sante.dmp.store.patient.history.HistoryService;
import fr.sante.dmp.store.patient.lifecycle.LifecycleService;
import fr.sante.dmp.store.patient.login.PatientLoginService;
import fr.sante.dmp.store.patient.overview.OverviewService;
import fr.sante.dmp.store.record.DocumentContent;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.record.NewDocument;
import fr.sante.dmp.store.record.PersonRegistration;
import fr.sante.dmp.store.record.RecordService;
import fr.sante.dmp.store.record.Registration;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory stand-in for document-store's patient services and RecordService (patient side), for the web-layer benchmark
 * only (seeding 50 000 people through the real store would dominate the run); every test uses the real store. It follows
 * the documented contract: lifecycle transitions, NotFound for someone else's document, no enumeration.
 */
public final class FakePatients implements LifecycleService, ChoicesService, OverviewService, PatientDirectivesService,
        HistoryService, PatientLoginService, ContactService, RecordService {

    private static final fr.sante.dmp.consent.ConsentEngine POLICY = fr.sante.dmp.consent.ConsentEngine.withDefaultPolicy();

    /** This fake as every patient service of the store. */
    public PatientServices services() {
        return new PatientServices(this, this, this, this, this, this, this);
    }

    /** The benchmark's population has no representatives. */
    @Override
    public FakePatients as(fr.sante.dmp.consent.Representation representative) {
        throw new UnsupportedOperationException("no representatives in the web-layer benchmark");
    }

    @Override
    public Future<Void> setConfidentialFromRepresentatives(Ins ins, UUID documentId, boolean confidential) {
        return Future.failedFuture(new RecordException.NotFound("document"));
    }

    @Override
    public Future<Void> personOnly(Ins ins) {
        return Future.succeededFuture();
    }

    @Override
    public fr.sante.dmp.consent.Decision ownAccess(LocalDate birthDate) {
        return POLICY.decideOwnAccess(birthDate, Instant.now());
    }

    /** One person of the test population. */
    public static final class Person {
        public final Ins ins;
        public final LocalDate birthDate;
        public final String invitationCode;
        public final PatientContact contact;
        public RecordState state;
        public Instant deadline;
        public Optional<String> treatingDoctor = Optional.empty();
        public boolean emergencyOpposed;
        public boolean researchObjected;
        public final Set<String> blocked = new LinkedHashSet<>();
        public AlertPreferences alerts = AlertPreferences.DEFAULT;
        public final Map<UUID, DocumentSummary> documents = new LinkedHashMap<>();
        public final List<AccessHistoryPage.Entry> history = new ArrayList<>();
        public final List<AdvanceDirective> directives = new ArrayList<>();
        public String receiptCode;

        Person(Ins ins, LocalDate birthDate, String invitationCode, RecordState state, Instant deadline) {
            this.ins = ins;
            this.birthDate = birthDate;
            this.invitationCode = invitationCode;
            this.contact = new PatientContact(Optional.of("+33612345678"), Optional.empty(), "fr");
            this.state = state;
            this.deadline = deadline;
        }
    }

    private final Map<String, Person> people = new ConcurrentHashMap<>();
    private final Clock clock;

    public FakePatients(Clock clock) {
        this.clock = clock;
    }

    public Person add(String ins, LocalDate birthDate, String invitationCode, RecordState state) {
        Person p = new Person(Ins.parse(ins), birthDate, invitationCode, state,
                clock.instant().plus(Duration.ofDays(30)));
        people.put(p.ins.value(), p);
        return p;
    }

    public UUID addDocument(Person p, String title, String classCode, String text) {
        UUID id = UUID.randomUUID();
        p.documents.put(id, new DocumentSummary(id, classCode, title, "text/plain", Optional.of("10001234565"),
                clock.instant().minus(Duration.ofDays(p.documents.size() + 1)), text.length(), false));
        contents.put(id, text);
        return id;
    }

    private final Map<UUID, String> contents = new ConcurrentHashMap<>();

    public Person person(String ins) {
        return people.get(ins);
    }

    private Future<Person> find(Ins ins) {
        Person p = people.get(ins.value());
        return p == null ? Future.failedFuture(new RecordException.NotFound("record")) : Future.succeededFuture(p);
    }

    private Future<Void> transition(Ins ins, RecordState from, RecordState to) {
        return find(ins).compose(p -> {
            if (p.state != from) {
                return Future.failedFuture(new RecordException.Conflict("illegal transition", "conflit : illegal transition"));
            }
            p.state = to;
            return Future.succeededFuture();
        });
    }

    @Override
    public Future<Optional<PatientContact>> contactForLogin(Ins ins, LocalDate birthDate) {
        Person p = people.get(ins.value());
        return Future.succeededFuture(p != null && p.birthDate.equals(birthDate) && p.state != RecordState.PURGED
                ? Optional.of(p.contact) : Optional.empty());
    }

    @Override
    public Future<Boolean> checkInvitationCode(Ins ins, LocalDate birthDate, String invitationCode) {
        Person p = people.get(ins.value());
        return Future.succeededFuture(p != null && p.birthDate.equals(birthDate)
                && p.invitationCode.equals(invitationCode));
    }

    @Override
    public Future<String> issueInvitationCode(String operator, Ins ins) {
        return Future.failedFuture(new UnsupportedOperationException("not in the fake"));
    }

    public final List<String> logins = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Future<UUID> addOwnDocument(Ins ins, String title, byte[] content) {
        return Future.failedFuture(new UnsupportedOperationException("not in the benchmark"));
    }

    @Override
    public Future<Void> deleteOwnDocument(Ins ins, UUID documentId) {
        return Future.failedFuture(new UnsupportedOperationException("not in the benchmark"));
    }

    @Override
    public Future<Void> recordExport(Ins ins) {
        return find(ins).mapEmpty();
    }

    @Override
    public Future<Void> recordLogin(Ins ins) {
        logins.add(ins.value());
        return find(ins).mapEmpty();
    }

    @Override
    public Future<Void> setLanguage(Ins ins, String language) {
        return find(ins).mapEmpty();
    }

    @Override
    public Future<PatientOverview> overview(Ins ins) {
        return find(ins).map(p -> new PatientOverview(p.state,
                p.state == RecordState.INVITED || p.state == RecordState.OPPOSED ? Optional.of(p.deadline) : Optional.empty(),
                "Camille", p.treatingDoctor, p.emergencyOpposed, Set.copyOf(p.blocked), p.alerts, p.documents.size()));
    }

    @Override
    public Future<fr.sante.dmp.store.patient.overview.OverviewWithPreview> overviewWithPreview(Ins ins,
            Profession profession) {
        return overview(ins).compose(o -> preview(ins, profession)
                .map(p -> new fr.sante.dmp.store.patient.overview.OverviewWithPreview(o, p)));
    }

    @Override
    public Future<fr.sante.dmp.store.patient.directives.PrintableDirectives> printableDirectives(Ins ins) {
        return directives(ins).map(d -> new fr.sante.dmp.store.patient.directives.PrintableDirectives(d, "Camille", ""));
    }

    @Override
    public Future<OppositionReceipt> oppose(Ins ins) {
        return find(ins).compose(p -> {
            if (p.state != RecordState.INVITED || clock.instant().isAfter(p.deadline)) {
                return Future.failedFuture(new RecordException.Conflict("not invited", "conflit : not invited"));
            }
            p.state = RecordState.OPPOSED;
            p.receiptCode = "OPP-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            return Future.succeededFuture(new OppositionReceipt(clock.instant(), p.deadline, p.receiptCode));
        });
    }

    @Override
    public Future<Void> withdrawOpposition(Ins ins, String receiptCode) {
        return find(ins).compose(p -> {
            if (p.state != RecordState.OPPOSED || clock.instant().isAfter(p.deadline)) {
                return Future.failedFuture(new RecordException.Conflict("not opposed", "conflit : not opposed"));
            }
            if (!receiptCode.equals(p.receiptCode)) {
                return Future.failedFuture(new RecordException.Invalid("receiptCode", "does not match"));
            }
            p.state = RecordState.INVITED;
            return Future.succeededFuture();
        });
    }

    @Override
    public Future<Void> activateEarly(Ins ins) {
        return transition(ins, RecordState.INVITED, RecordState.ACTIVE);
    }

    @Override
    public Future<Void> close(Ins ins) {
        return transition(ins, RecordState.ACTIVE, RecordState.CLOSED);
    }

    @Override
    public Future<Void> reopen(Ins ins) {
        return transition(ins, RecordState.CLOSED, RecordState.ACTIVE);
    }

    @Override
    public Future<Void> requestDeletion(Ins ins) {
        return find(ins).mapEmpty();
    }

    @Override
    public Future<fr.sante.dmp.store.patient.choices.MaskedDocument> setMasked(Ins ins, UUID documentId, boolean masked) {
        return find(ins).compose(p -> {
            DocumentSummary d = p.documents.get(documentId);
            if (d == null) {
                return Future.failedFuture(new RecordException.NotFound("document"));
            }
            DocumentSummary changed = new DocumentSummary(d.id(), d.classCode(), d.title(), d.contentType(),
                    d.authorRpps(), d.depositedAt(), d.size(), masked);
            p.documents.put(documentId, changed);
            return Future.succeededFuture(new fr.sante.dmp.store.patient.choices.MaskedDocument(Optional.of(changed),
                    p.treatingDoctor.isPresent(), p.emergencyOpposed));
        });
    }

    @Override
    public Future<Void> setBlocked(Ins ins, Rpps rpps, boolean blocked) {
        return find(ins).map(p -> {
            if (blocked) {
                p.blocked.add(rpps.value());
            } else {
                p.blocked.remove(rpps.value());
            }
            return null;
        });
    }

    @Override
    public Future<Void> setTreatingDoctor(Ins ins, Optional<Rpps> rpps) {
        return find(ins).map(p -> {
            p.treatingDoctor = rpps.map(Rpps::value);
            return null;
        });
    }

    @Override
    public Future<Void> setEmergencyAccessOpposed(Ins ins, boolean opposed) {
        return find(ins).map(p -> {
            p.emergencyOpposed = opposed;
            return null;
        });
    }

    @Override
    public Future<Void> setAlerts(Ins ins, AlertPreferences alerts) {
        return find(ins).map(p -> {
            p.alerts = alerts;
            return null;
        });
    }

    @Override
    public Future<fr.sante.dmp.store.patient.choices.ResearchUse> researchUse(Ins ins) {
        return find(ins).map(p -> new fr.sante.dmp.store.patient.choices.ResearchUse(p.researchObjected,
                java.util.Optional.empty(), fr.sante.dmp.consent.ResearchUseDefault.REUSE_UNLESS_OBJECTED));
    }

    @Override
    public Future<Void> setResearchUse(Ins ins, boolean objected) {
        return find(ins).map(p -> {
            p.researchObjected = objected;
            return null;
        });
    }

    @Override
    public Future<AccessPreview> preview(Ins ins, Profession profession) {
        return find(ins).map(p -> new AccessPreview(profession.code(), p.documents.values().stream().map(d -> {
            boolean visible = !d.masked() && (profession == Profession.PHYSICIAN || !d.classCode().equals("11502-2"));
            Decision dec = visible ? new Decision(true, RuleId.CARE_TEAM, "Autorisé par la matrice",
                    "Allowed by the matrix")
                    : new Decision(false, d.masked() ? RuleId.MASKED_DOCUMENT : RuleId.PROFESSION_MATRIX,
                            "Non visible", "Not visible");
            return new AccessPreview.Item(d.id(), d.title(), d.classCode(), dec.allowed(), dec.ruleId(), dec.reasonFr(),
                    dec.reasonEn());
        }).toList()));
    }

    @Override
    public Future<fr.sante.dmp.store.patient.history.EmergencyAccesses> emergencyAccesses(Ins ins, java.time.Instant since,
                                                                               int limit) {
        return Future.succeededFuture(fr.sante.dmp.store.patient.history.EmergencyAccesses.NONE);
    }

    @Override
    public Future<fr.sante.dmp.store.patient.Contact> changeContact(Ins ins, ContactChannel channel,
                                                                    String address) {
        return Future.failedFuture(new UnsupportedOperationException("not in the benchmark"));
    }

    @Override
    public Future<AccessHistoryPage> accessHistory(Ins ins, fr.sante.dmp.store.patient.history.HistoryFilter filter, int page,
                                                   int pageSize) {
        return accessHistory(ins, page, pageSize);
    }

    @Override
    public Future<AccessHistoryPage> accessHistory(Ins ins, int page, int pageSize) {
        return find(ins).map(p -> {
            List<AccessHistoryPage.Entry> all = p.history.stream()
                    .sorted(Comparator.comparing(AccessHistoryPage.Entry::at).reversed()).toList();
            int from = Math.min(page * pageSize, all.size());
            int to = Math.min(from + pageSize, all.size());
            return new AccessHistoryPage(all.subList(from, to), page, to < all.size());
        });
    }

    @Override
    public Future<Optional<AdvanceDirective>> directives(Ins ins) {
        return find(ins).map(p -> p.directives.isEmpty() ? Optional.empty()
                : Optional.of(p.directives.get(p.directives.size() - 1)));
    }

    @Override
    public Future<AdvanceDirective> saveDirectivesDraft(Ins ins, AdvanceDirectiveContent content) {
        return find(ins).map(p -> {
            AdvanceDirective d = new AdvanceDirective(p.directives.size() + 1, AdvanceDirective.Status.DRAFT, content,
                    clock.instant(), Optional.empty());
            p.directives.add(d);
            return d;
        });
    }

    @Override
    public Future<AdvanceDirective> signDirectives(Ins ins) {
        return find(ins).compose(p -> {
            if (p.directives.isEmpty() || p.directives.get(p.directives.size() - 1).status() != AdvanceDirective.Status.DRAFT) {
                return Future.failedFuture(new RecordException.Conflict("no draft", "conflit : no draft"));
            }
            AdvanceDirective last = p.directives.remove(p.directives.size() - 1);
            AdvanceDirective signed = new AdvanceDirective(last.version(), AdvanceDirective.Status.SIGNED,
                    last.content(), last.savedAt(), Optional.of(clock.instant()));
            p.directives.add(signed);
            return Future.succeededFuture(signed);
        });
    }

    @Override
    public Future<Void> revokeDirectives(Ins ins) {
        return find(ins).compose(p -> {
            if (p.directives.isEmpty() || p.directives.get(p.directives.size() - 1).status() != AdvanceDirective.Status.SIGNED) {
                return Future.failedFuture(new RecordException.Conflict("nothing signed", "conflit : nothing signed"));
            }
            AdvanceDirective last = p.directives.get(p.directives.size() - 1);
            p.directives.add(new AdvanceDirective(last.version() + 1, AdvanceDirective.Status.REVOKED, last.content(),
                    clock.instant(), Optional.empty()));
            return Future.succeededFuture();
        });
    }

    @Override
    public Future<List<AdvanceDirective>> directivesHistory(Ins ins) {
        return find(ins).map(p -> {
            List<AdvanceDirective> l = new ArrayList<>(p.directives);
            java.util.Collections.reverse(l);
            return l;
        });
    }

    @Override
    public Future<Registration> register(String operator, Ins ins, PersonRegistration person) {
        return Future.failedFuture(new UnsupportedOperationException("not in the fake"));
    }

    @Override
    public Future<UUID> deposit(Actor.Professional actor, Ins ins, NewDocument document) {
        return Future.failedFuture(new UnsupportedOperationException("not in the fake"));
    }

    @Override
    public Future<List<DocumentSummary>> listDocuments(Actor actor, Ins ins) {
        if (!(actor instanceof Actor.Patient patient) || !patient.ins().equals(ins)) {
            return Future.failedFuture(new RecordException.AccessDenied(new Decision(false, RuleId.PATIENT_OWN_RECORD_ONLY, "non", "no")));
        }
        return find(ins).map(p -> p.documents.values().stream()
                .sorted(Comparator.comparing(DocumentSummary::depositedAt).reversed()).toList());
    }

    @Override
    public Future<fr.sante.dmp.store.record.OwnDocument> readOwnDocument(Actor.Patient actor, UUID documentId) {
        return find(actor.ins()).compose(p -> readDocument(actor, documentId).map(c ->
                new fr.sante.dmp.store.record.OwnDocument(c, p.treatingDoctor.isPresent(), p.emergencyOpposed)));
    }

    @Override
    public Future<fr.sante.dmp.store.record.OwnDocumentList> listOwnDocuments(Actor.Patient actor, Ins ins) {
        return find(ins).compose(p -> p.state == RecordState.OPPOSED || p.state == RecordState.PURGED
                ? Future.succeededFuture(new fr.sante.dmp.store.record.OwnDocumentList(p.state,
                        p.treatingDoctor.isPresent(), p.emergencyOpposed, List.of()))
                : listDocuments(actor, ins).map(docs -> new fr.sante.dmp.store.record.OwnDocumentList(p.state,
                        p.treatingDoctor.isPresent(), p.emergencyOpposed, docs)));
    }

    @Override
    public Future<DocumentContent> readDocument(Actor actor, UUID documentId, Admission admission) {
        if (!(actor instanceof Actor.Patient patient)) {
            return Future.failedFuture(new RecordException.AccessDenied(new Decision(false, RuleId.PATIENT_OWN_RECORD_ONLY, "non", "no")));
        }
        return find(patient.ins()).compose(p -> {
            DocumentSummary d = p.documents.get(documentId);
            return d == null ? Future.failedFuture(new RecordException.NotFound("document"))
                    : Future.succeededFuture(new DocumentContent(d, contents.get(documentId).getBytes(StandardCharsets.UTF_8)));
        });
    }

    @Override
    public Future<Void> release(Actor.Professional actor, UUID documentId) {
        return Future.failedFuture(new UnsupportedOperationException("not in the patient-space benchmark"));
    }

    @Override
    public Future<List<DocumentSummary>> breakGlass(Actor.Professional actor, Ins ins, String reason) {
        return Future.failedFuture(new UnsupportedOperationException("not in the fake"));
    }

    @Override
    public Future<fr.sante.dmp.store.record.DocumentPage> searchDocuments(Actor actor, Ins ins,
            fr.sante.dmp.store.record.DocumentQuery query) {
        return Future.failedFuture(new UnsupportedOperationException("not in the fake"));
    }

    @Override
    public Future<fr.sante.dmp.store.record.Provided> depositAll(Actor.Professional actor, Ins ins,
            String sourceId, List<fr.sante.dmp.store.record.NewDocument> documents) {
        return Future.failedFuture(new UnsupportedOperationException("not in the fake"));
    }

    @Override
    public Future<fr.sante.dmp.store.record.SubmissionSet> readSubmissionSet(Actor.Professional actor, UUID id,
            Admission admission) {
        return Future.failedFuture(new UnsupportedOperationException("not in the fake"));
    }

    @Override
    public Future<fr.sante.dmp.store.record.PatientFound> findPatient(Actor.Professional actor, Ins ins) {
        return Future.failedFuture(new UnsupportedOperationException("not in the fake"));
    }

    @Override
    public Future<java.util.Optional<fr.sante.dmp.store.patient.choices.MedicalProfile>> medicalProfile(Ins ins) {
        return Future.succeededFuture(java.util.Optional.empty());
    }

    @Override
    public Future<Void> saveMedicalProfile(Ins ins, fr.sante.dmp.store.patient.choices.MedicalProfile profile) {
        return Future.failedFuture(new UnsupportedOperationException("not in the benchmark"));
    }
}
