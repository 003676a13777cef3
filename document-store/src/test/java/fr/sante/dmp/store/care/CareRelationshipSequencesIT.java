package fr.sante.dmp.store.care;

import static fr.sante.dmp.store.care.CareFixture.EMERGENCY;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of what patients and professionals do (open or end a context, grant or withdraw an express consent,
 * choose a treating doctor, emergency access and its opposition), each followed by reads, against a model of who may
 * read: a document reaches a professional only as treating doctor, under a live context, under a running emergency
 * grant, or (occupational physicians) with a running express consent; and every change is in force on the very next
 * request. Seeds are fixed, so a failure replays; its message carries the seed and the steps that led to it.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class CareRelationshipSequencesIT {
    private static final int STEPS = 80;
    private static final List<String> ACTIONS = List.of("professional opens a context by care code",
            "patient grants a context", "patient ends the professional's contexts",
            "patient grants an express consent", "patient withdraws the express consent",
            "patient chooses the treating doctor", "patient has no treating doctor any more",
            "professional opens an emergency access", "patient opposes or allows again emergency access");
    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");
    private static CareFixture c;
    /** Who acts: two physicians, a pharmacist, an occupational physician by category and one by specialty. */
    private static List<Actor.Professional> professionals;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        c = CareFixture.start(db);
        professionals = List.of(physician(), physician(), CareFixture.pharmacist(),
                CareFixture.occupationalByCategory(), CareFixture.occupationalBySpecialty());
        for (Actor.Professional pro : professionals) {
            c.known(pro);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        c.close();
    }

    /** What the model knows of one patient's record. */
    private static final class Patient {
        final Ins ins;
        final UUID prescription;
        final Set<Actor.Professional> contexts = new HashSet<>();
        final Set<Actor.Professional> consents = new HashSet<>();
        final Set<Actor.Professional> grants = new HashSet<>();
        Optional<Actor.Professional> treating = Optional.empty();
        boolean emergencyOpposed;

        Patient(Ins ins, UUID prescription) {
            this.ins = ins;
            this.prescription = prescription;
        }

        boolean mayRead(Actor.Professional pro) {
            if (occupational(pro)) {
                return consents.contains(pro); // the consent first: nothing else stands in for it
            }
            return treating.equals(Optional.of(pro)) || contexts.contains(pro) || grants.contains(pro);
        }

        /** Let in by nothing but an emergency grant: the read is flagged as emergency access. */
        boolean onlyByGrant(Actor.Professional pro) {
            return !occupational(pro) && grants.contains(pro) && !contexts.contains(pro)
                    && !treating.equals(Optional.of(pro));
        }
    }

    private static boolean occupational(Actor.Professional pro) {
        return pro == professionals.get(3) || pro == professionals.get(4);
    }

    private static boolean physicianByProfession(Actor.Professional pro) {
        return pro.profession() == Profession.PHYSICIAN;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {20260315L, 7L, 1_111_017L})
    void noDocumentReachesAProfessionalWithoutACareRelationshipAndEveryChangeHoldsOnTheNextRequest(long seed)
            throws Exception {
        Random random = new Random(seed);
        List<Patient> patients = List.of(patient(), patient());
        StringBuilder steps = new StringBuilder("seed " + seed + ":");
        for (int step = 0; step < STEPS; step++) {
            Patient p = patients.get(random.nextInt(patients.size()));
            Actor.Professional pro = professionals.get(random.nextInt(professionals.size()));
            int what = random.nextInt(9);
            steps.append("\n  ").append(step).append(": ").append(ACTIONS.get(what)).append(" (patient ")
                    .append(patients.indexOf(p)).append(", professional ").append(professionals.indexOf(pro))
                    .append(')');
            try {
                act(what, p, pro);
                // The very next request of the professional concerned, then everyone's on both records.
                checkReads(p, pro);
                for (Patient any : patients) {
                    for (Actor.Professional other : professionals) {
                        checkReads(any, other);
                    }
                }
            } catch (Exception | AssertionError e) {
                throw new AssertionError(steps.toString(), e); // the seed and every step that led here, to replay
            }
        }
    }

    private Patient patient() throws Exception {
        Ins ins = c.activePatient();
        // A prescription, by a prescriber in care: every professional here may read it once let in.
        UUID prescription = c.deposit(c.f.inCare(physician(), ins), ins, DocumentClass.PRESCRIPTION, false);
        return new Patient(ins, prescription);
    }

    /** One step by the patient or the professional; the model follows what the store must have answered. */
    private void act(int what, Patient p, Actor.Professional pro) throws Exception {
        switch (what) {
            case 0 -> {
                Future<CareContext> opened = c.care().open(pro, p.ins, new CareProof.CareCode(c.careCode(p.ins)));
                if (occupational(pro) && !p.consents.contains(pro)) {
                    assertThat(CareFixture.ruleOf(opened)).isEqualTo(RuleId.OCCUPATIONAL_HEALTH_WITHOUT_CONSENT.id());
                } else {
                    await(opened);
                    p.contexts.add(pro);
                }
            }
            case 1 -> {
                await(c.care().grant(p.ins, pro.rpps(), 30));
                p.contexts.add(pro);
            }
            case 2 -> {
                for (CareContext live : await(c.care().list(p.ins))) {
                    if (live.rpps().equals(pro.rpps().value()) && live.endedAt().isEmpty()) {
                        await(c.care().end(p.ins, live.id()));
                    }
                }
                p.contexts.remove(pro);
            }
            case 3 -> {
                Future<Void> granted = c.care().grantExpressConsent(p.ins, pro.rpps(),
                        LocalDate.now(FRANCE).plusMonths(3));
                if (physicianByProfession(pro)) {
                    await(granted);
                    p.consents.add(pro);
                } else {
                    assertThat(CareFixture.invalidField(granted)).isEqualTo("rpps");
                }
            }
            case 4 -> {
                Future<Void> withdrawn = c.care().withdrawExpressConsent(p.ins, pro.rpps());
                if (p.consents.remove(pro)) {
                    await(withdrawn);
                } else {
                    assertThat(failure(withdrawn)).isInstanceOf(RecordException.NotFound.class);
                }
            }
            case 5 -> {
                Future<Void> chosen = c.patients().choices().setTreatingDoctor(p.ins, Optional.of(pro.rpps()));
                if (physicianByProfession(pro)) {
                    await(chosen);
                    p.treating = Optional.of(pro);
                } else {
                    assertThat(CareFixture.invalidField(chosen)).isEqualTo("rpps");
                }
            }
            case 6 -> {
                await(c.patients().choices().setTreatingDoctor(p.ins, Optional.empty()));
                p.treating = Optional.empty();
            }
            case 7 -> {
                Future<?> opened = c.emergency.open(pro, p.ins, EMERGENCY);
                if (occupational(pro) && !p.consents.contains(pro)) {
                    assertThat(CareFixture.ruleOf(opened)).isEqualTo(RuleId.OCCUPATIONAL_HEALTH_WITHOUT_CONSENT.id());
                } else if (p.emergencyOpposed) {
                    assertThat(CareFixture.ruleOf(opened)).isEqualTo(RuleId.BREAK_GLASS_OPPOSED.id());
                } else {
                    await(opened);
                    p.grants.add(pro);
                }
            }
            default -> {
                boolean oppose = !p.emergencyOpposed;
                await(c.patients().choices().setEmergencyAccessOpposed(p.ins, oppose));
                p.emergencyOpposed = oppose;
                if (oppose) {
                    p.grants.clear(); // ended for good: allowing emergency access again revives none
                }
            }
        }
    }

    /** Lists and reads by id, and checks the answer against the model (and the emergency flag in the audit). */
    private void checkReads(Patient p, Actor.Professional pro) throws Exception {
        String where = "read by professional " + professionals.indexOf(pro);
        if (p.mayRead(pro)) {
            assertThat(await(c.records().listDocuments(pro, p.ins))).as(where).extracting(DocumentSummary::id)
                    .contains(p.prescription);
            assertThat(await(c.records().readDocument(pro, p.prescription)).summary().id()).as(where)
                    .isEqualTo(p.prescription);
            assertThat(c.f.count("SELECT count(*) FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log "
                    + "WHERE actor_id = ?) AND break_glass", pro.rpps().value())).as(where + " (emergency flag)")
                    .isEqualTo(p.onlyByGrant(pro) ? 1 : 0);
        } else {
            String expected = occupational(pro) ? RuleId.OCCUPATIONAL_HEALTH_WITHOUT_CONSENT.id()
                    : RuleId.CARE_RELATIONSHIP_REQUIRED.id();
            assertThat(CareFixture.ruleOf(c.records().listDocuments(pro, p.ins))).as(where).isEqualTo(expected);
            assertThat(CareFixture.ruleOf(c.records().readDocument(pro, p.prescription))).as(where)
                    .isEqualTo(expected);
        }
    }
}
