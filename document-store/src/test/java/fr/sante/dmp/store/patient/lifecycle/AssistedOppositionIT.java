package fr.sante.dmp.store.patient.lifecycle;

import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.patient.Contact;
import fr.sante.dmp.store.patient.PatientSupport;
import fr.sante.dmp.store.patient.history.AccessHistoryPage;
import fr.sante.dmp.notify.Notifications;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.patient.lifecycle.AssistedOppositions.CallerCheck;
import fr.sante.dmp.store.patient.lifecycle.AssistedOppositions.CallerTraits;
import fr.sante.dmp.store.patient.lifecycle.AssistedOppositions.Opposition;
import fr.sante.dmp.store.patient.lifecycle.AssistedOppositions.Outcome;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Opposition by telephone on the real store: the caller's traits are checked against the invitation, every step is in
 * the audit log under the agent's name (and in the person's access history), and a refused step writes nothing else.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class AssistedOppositionIT {
    private static final LocalDate BIRTH = LocalDate.of(1985, 5, 12);
    private static final String AGENT = "sub:agent-3422";
    private static StoreFixture f;
    private static PatientSupport p;
    private static AssistedOppositions desk;
    private static fr.sante.dmp.notify.outbox.Outbox outbox;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = StoreFixture.start(db);
        p = new PatientSupport(f);
        byte[] payloadKey = new byte[32];
        new SecureRandom().nextBytes(payloadKey);
        outbox = Notifications.outboxOnly(payloadKey);
        desk = f.store.assistedOppositions(outbox);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void anAgentOpposesForACallerWhoseTraitsMatchAndEveryStepIsAuditedUnderTheAgentsName() throws Exception {
        Ins ins = p.invitedPatient();
        long receipts = receipts(ins);

        CallerCheck wrong = p.audited(ins, "CHECK_CALLER_IDENTITY", false, "caller-identity-not-confirmed",
                () -> await(desk.check(AGENT, byIns(ins, "Dupont", "Camille", BIRTH))));
        assertThat(wrong.outcome()).isEqualTo(Outcome.NOT_CONFIRMED);
        assertThat(await(desk.check(AGENT, byIns(ins, "Durand", "Camille", BIRTH.plusDays(1)))).outcome())
                .isEqualTo(Outcome.NOT_CONFIRMED);
        assertThat(lastActor()).isEqualTo(List.of("OPERATOR", AGENT));

        // Spoken names: case, accents and hyphens do not matter.
        CallerCheck open = p.audited(ins, "CHECK_CALLER_IDENTITY", true, "caller-identity-confirmed",
                () -> await(desk.check(AGENT, byIns(ins, "durand", "CAMILLE", BIRTH))));
        assertThat(open.outcome()).isEqualTo(Outcome.MAY_OPPOSE);
        assertThat(open.deadline()).isPresent();
        assertThat(open.copyBy()).contains(Channel.SMS);
        assertThat(p.state(ins)).isEqualTo(RecordState.INVITED);

        long queued = receiptCopies();
        Opposition done = p.audited(ins, "OPPOSE", true, "assisted-opposition",
                () -> await(desk.oppose(AGENT, byIns(ins, "Durand", "Camille", BIRTH))));
        assertThat(lastActor()).isEqualTo(List.of("OPERATOR", AGENT));
        assertThat(done.receipt()).isPresent();
        assertThat(done.receipt().get().verificationCode()).matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){3}");
        assertThat(done.receipt().get().copyBy()).contains(Channel.SMS);
        assertThat(done.receipt().get().toString()).doesNotContain(done.receipt().get().verificationCode());
        assertThat(p.state(ins)).isEqualTo(RecordState.OPPOSED);
        assertThat(p.recordColumn(ins, "identity")).isNull();
        assertThat(receipts(ins)).isEqualTo(receipts + 1);
        assertThat(receiptCopies()).isEqualTo(queued + 1);
        // The receipt withdraws the opposition like a self-service one.
        await(p.patients().lifecycle().withdrawOpposition(ins, done.receipt().get().verificationCode()));
        assertThat(p.state(ins)).isEqualTo(RecordState.INVITED);
        await(desk.oppose(AGENT, byIns(ins, "Durand", "Camille", BIRTH)));

        // A second submission of the same form: the same agent just confirmed this identity, so they are told.
        Opposition again = p.audited(ins, "OPPOSE", false, "lifecycle-conflict",
                () -> await(desk.oppose(AGENT, byIns(ins, "Durand", "Camille", BIRTH))));
        assertThat(again.check().outcome()).isEqualTo(Outcome.ALREADY_OPPOSED);
        assertThat(again.check().opposedAt()).isPresent();
        assertThat(again.receipt()).isEmpty();
        assertThat(receipts(ins)).isEqualTo(receipts + 2);
        // Anyone else with the INS learns nothing of the opposition: it answers as wrong traits.
        assertThat(await(desk.check("sub:another-agent", byIns(ins, "Durand", "Camille", BIRTH))).outcome())
                .isEqualTo(Outcome.NOT_CONFIRMED);

        // The person's access history names each step, done by an agent on the phone.
        List<AccessHistoryPage.Entry> history = await(p.patients().history().accessHistory(ins, 0, 50)).entries();
        assertThat(history).filteredOn(e -> "OPERATOR".equals(e.actorKind())).extracting(AccessHistoryPage.Entry::action)
                .contains("CHECK_CALLER_IDENTITY", "OPPOSE");
        assertThat(history).filteredOn(e -> "OPPOSE".equals(e.action()) && e.allowed()
                && "OPERATOR".equals(e.actorKind())).first()
                .satisfies(e -> assertThat(e.reasonFr()).contains("conseiller au téléphone"));
        assertThat(await(f.store.audit().verify()).ok()).isTrue();
    }

    @Test
    void outsideTheWindowNothingIsWrittenAndTheAgentIsToldTheRecordExists() throws Exception {
        Ins ins = p.invitedPatient();
        p.windowClosed(ins);
        Object identity = p.recordColumn(ins, "identity");

        CallerCheck closed = await(desk.check(AGENT, byIns(ins, "Durand", "Camille", BIRTH)));
        assertThat(closed.outcome()).isEqualTo(Outcome.WINDOW_CLOSED);
        Opposition refused = p.audited(ins, "OPPOSE", false, "lifecycle-conflict",
                () -> await(desk.oppose(AGENT, byIns(ins, "Durand", "Camille", BIRTH))));
        assertThat(refused.check().outcome()).isEqualTo(Outcome.WINDOW_CLOSED);
        assertThat(refused.receipt()).isEmpty();
        assertThat(p.state(ins)).isEqualTo(RecordState.INVITED);
        assertThat(p.recordColumn(ins, "identity")).isEqualTo(identity);
        assertThat(receipts(ins)).isZero();
    }

    @Test
    void byTheInvitationCodeTheInvitationIsFoundAndAnOppositionIsToldWithItsDate() throws Exception {
        Ins ins = p.invitedPatient();
        String code = await(p.patients().login().issueInvitationCode("campaign-2026", ins));
        String spoken = code.toLowerCase().replace("-", " ");

        assertThat(await(desk.check(AGENT, byCode(spoken, "Durand", "Camille", BIRTH))).outcome())
                .isEqualTo(Outcome.MAY_OPPOSE);
        assertThat(await(desk.check(AGENT, byCode(code, "Durand", "Camilla", BIRTH))).outcome())
                .isEqualTo(Outcome.NOT_CONFIRMED);
        Opposition done = await(desk.oppose(AGENT, byCode(code, "Durand", "Camille", BIRTH)));
        assertThat(done.receipt()).isPresent();
        assertThat(p.state(ins)).isEqualTo(RecordState.OPPOSED);

        // The code is the addressee's secret: with it, the opposition is told, traits no longer readable or not.
        CallerCheck opposed = p.audited(ins, "CHECK_CALLER_IDENTITY", false, "caller-already-opposed",
                () -> await(desk.check("sub:another-agent", byCode(code, "Durand", "Camille", BIRTH))));
        assertThat(opposed.outcome()).isEqualTo(Outcome.ALREADY_OPPOSED);
        assertThat(opposed.opposedAt()).contains(done.receipt().get().opposedAt());
        assertThat(opposed.withdrawalUntil()).contains(done.receipt().get().windowClosesAt());

        // An unknown code: nothing matches; the entry names the agent and no one else.
        long before = f.auditCount();
        assertThat(await(desk.check(AGENT, byCode("AAAA-BBBB-CCCC", "Durand", "Camille", BIRTH))).outcome())
                .isEqualTo(Outcome.NOT_CONFIRMED);
        assertThat(f.auditCount()).isEqualTo(before + 1);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log) "
                + "AND action = 'CHECK_CALLER_IDENTITY' AND NOT allowed AND actor_id = ? AND ins_hash IS NULL", AGENT))
                .isEqualTo(1);
    }

    @Test
    void afterFiveFailedChecksOnARecordTheRightTraitsAreRefusedToo() throws Exception {
        Ins ins = p.invitedPatient();
        for (int i = 0; i < AssistedOppositions.MAX_FAILED_CHECKS; i++) {
            assertThat(await(desk.check("sub:agent-" + i, byIns(ins, "Durand", "Claude", BIRTH))).outcome())
                    .isEqualTo(Outcome.NOT_CONFIRMED);
        }
        CallerCheck locked = p.audited(ins, "CHECK_CALLER_IDENTITY", false, "caller-checks-exhausted",
                () -> await(desk.check(AGENT, byIns(ins, "Durand", "Camille", BIRTH))));
        assertThat(locked.outcome()).isEqualTo(Outcome.TOO_MANY_FAILED_CHECKS);
        Opposition refused = await(desk.oppose(AGENT, byIns(ins, "Durand", "Camille", BIRTH)));
        assertThat(refused.receipt()).isEmpty();
        assertThat(p.state(ins)).isEqualTo(RecordState.INVITED);
        // The person may still oppose themself (online, by post).
        assertThat(await(p.patients().lifecycle().oppose(ins)).verificationCode()).isNotBlank();
    }

    @Test
    void anUnknownInsAnswersAsWrongTraits() throws Exception {
        Ins unknown = StoreFixture.newIns();
        assertThat(p.audited(unknown, "CHECK_CALLER_IDENTITY", false, "caller-identity-not-confirmed",
                () -> await(desk.oppose(AGENT, byIns(unknown, "Durand", "Camille", BIRTH)))).check().outcome())
                .isEqualTo(Outcome.NOT_CONFIRMED);
    }

    @Test
    void whileTheLetterIsBeingSentAPersonReachableOnlyByPostOpposesAndGetsTheReceiptsCopyByLetter(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String number = "2850575" + String.format("%06d", 900_000 + new SecureRandom().nextInt(99_999));
        Ins ins = new Ins(number + String.format("%02d", Ins.key(number)));
        java.nio.file.Path cohort = dir.resolve("cohort.csv");
        java.nio.file.Files.writeString(cohort,
                "ins,birthDate,givenName,familyName,phone,email,language,postalAddress\n" + ins.value()
                        + ",1985-05-12,Camille,Durand,,,fr,12 rue des Lilas|75011 PARIS\n");
        assertThat(await(f.store.invitations(outbox, fr.sante.dmp.store.invitation.InvitationOptions.defaults(
                "https://www.monespacesante.fr/opposition")).campaigns().importFile("op", cohort)).imported())
                .isEqualTo(1);

        // The letter is not written yet: no deadline, the window has not started, the person may already oppose.
        CallerCheck sending = await(desk.check(AGENT, byIns(ins, "Durand", "Camille", BIRTH)));
        assertThat(sending.outcome()).isEqualTo(Outcome.MAY_OPPOSE);
        assertThat(sending.deadline()).isEmpty();
        assertThat(sending.copyBy()).contains(Channel.LETTER);
        String letters = "SELECT count(*) FROM outbox_message WHERE channel = 'LETTER' AND kind = 'OPPOSITION_RECEIPT'";
        long before = f.count(letters);
        Opposition done = await(desk.oppose(AGENT, byIns(ins, "Durand", "Camille", BIRTH)));
        assertThat(done.receipt().orElseThrow().copyBy()).contains(Channel.LETTER);
        assertThat(f.count(letters)).isEqualTo(before + 1);
        assertThat(p.state(ins)).isEqualTo(RecordState.OPPOSED);
    }

    @Test
    void aChildUnderTheOwnAccessAgeDoesNotOpposeAloneByPhone() throws Exception {
        Ins ins = p.invitedPatient();
        LocalDate child = LocalDate.now().minusYears(10);
        Opposition refused = await(desk.oppose(AGENT, byIns(ins, "Durand", "Camille", child)));
        assertThat(refused.check().outcome()).isEqualTo(Outcome.UNDER_OWN_ACCESS_AGE);
        assertThat(p.lastEntry()).containsEntry("action", "CHECK_CALLER_IDENTITY").containsEntry("allowed", false);
        assertThat(p.state(ins)).isEqualTo(RecordState.INVITED);
    }

    @Test
    void incompleteTraitsAreRefusedBeforeAnyLookup() {
        Ins ins = StoreFixture.newIns();
        assertThatThrownBy(() -> new CallerTraits(Optional.of(ins), Optional.of("AAAA-BBBB-CCCC"), "Durand", "Camille",
                BIRTH)).isInstanceOf(RecordException.Invalid.class).hasMessageContaining("identifier");
        assertThatThrownBy(() -> new CallerTraits(Optional.empty(), Optional.empty(), "Durand", "Camille", BIRTH))
                .isInstanceOf(RecordException.Invalid.class);
        assertThatThrownBy(() -> byCode("AAAA-BBBB", "Durand", "Camille", BIRTH))
                .isInstanceOf(RecordException.Invalid.class).hasMessageContaining("invitationCode");
        assertThatThrownBy(() -> byIns(ins, " ", "Camille", BIRTH)).hasMessageContaining("familyName");
        assertThatThrownBy(() -> byIns(ins, "Durand", "C".repeat(101), BIRTH)).hasMessageContaining("givenName");
        assertThatThrownBy(() -> byIns(ins, "Durand", "Camille", null)).hasMessageContaining("birthDate");
        assertThat(AssistedOppositions.spoken("  Émilie-Rose d’Orléans ")).isEqualTo("EMILIE ROSE D ORLEANS");
        assertThat(AssistedOppositions.copyTo(new Contact(Optional.empty(), Optional.empty(),
                Optional.of("M. JEAN DUPONT\n12 RUE DES LILAS\n75011 PARIS")))).get()
                .extracting(Contact.Address::channel).isEqualTo(Channel.LETTER);
        assertThat(AssistedOppositions.copyTo(new Contact(Optional.empty(), Optional.of("a@example.org"),
                Optional.of("M. JEAN DUPONT\n75011 PARIS")))).get()
                .extracting(Contact.Address::channel).isEqualTo(Channel.EMAIL);
    }

    private static CallerTraits byIns(Ins ins, String family, String given, LocalDate birth) {
        return new CallerTraits(Optional.of(ins), Optional.empty(), family, given, birth);
    }

    private static CallerTraits byCode(String code, String family, String given, LocalDate birth) {
        return new CallerTraits(Optional.empty(), Optional.of(code), family, given, birth);
    }

    private static long receipts(Ins ins) throws Exception {
        return f.count("SELECT count(*) FROM opposition_receipt WHERE record_id = ?", f.recordId(ins));
    }

    private static long receiptCopies() throws Exception {
        return f.count("SELECT count(*) FROM outbox_message WHERE kind = 'OPPOSITION_RECEIPT'");
    }

    private static List<String> lastActor() throws Exception {
        try (Connection c = f.db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT actor_kind, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            List<String> out = new ArrayList<>();
            out.add(rs.getString(1));
            out.add(rs.getString(2));
            return out;
        }
    }
}
