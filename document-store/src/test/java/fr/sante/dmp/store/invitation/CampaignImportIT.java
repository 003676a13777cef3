package fr.sante.dmp.store.invitation;

import static fr.sante.dmp.store.invitation.InvitationFixture.line;
import static fr.sante.dmp.store.invitation.InvitationFixture.newEmail;
import static fr.sante.dmp.store.invitation.InvitationFixture.newIns;
import static fr.sante.dmp.store.invitation.InvitationFixture.newPhone;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.patient.lifecycle.OppositionReceipt;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Campaign import, window, reminders, activation and purge on a real PostgreSQL with the real outbox, enqueue only
 * (the send path with the dispatcher is CampaignDeliveryIT): "sent" is what the dispatcher records, set here by SQL.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class CampaignImportIT {
    private static final InvitationOptions OPTIONS = InvitationOptions.defaults(InvitationFixture.OPPOSITION_URL)
            .withBatches(50, 40);
    private static InvitationFixture f;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = InvitationFixture.start(db, OPTIONS);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void badRowsAreReportedByLineNumberWithoutTheirValueAndNeverStopTheImport() throws Exception {
        Ins good1 = newIns();
        Ins good2 = newIns();
        Ins good3 = newIns();
        String badIns = "285057500000100";
        List<String> lines = List.of(
                line(good1, newPhone(), newEmail(), "fr"),                    // 2
                line(good2, "", newEmail(), "en"),                            // 3
                line(Ins.parse(badIns.substring(0, 13) + "00".replace("00", String.format("%02d",
                        Ins.key(badIns.substring(0, 13))))), "0612345678", "", "fr"), // 4: phone not E.164
                badIns + ",1985-05-12,Camille,Durand,+33612345678,,fr,",         // 5: INS key
                line(newIns(), newPhone(), "not-an-email", "fr"),             // 6: email
                line(newIns(), "", "", "fr"),                                 // 7: no contact
                line(newIns(), newPhone(), "", "de"),                         // 8: language
                newIns().value() + ",12/05/1985,Camille,Durand,+33612345678,,fr,", // 9: date
                "too,few,fields",                                             // 10
                newIns().value() + ",1990-05-12,Camille,Durand,+33612345678,,fr,", // 11: birth year vs INS
                line(newIns(), "+33140000000", "", "fr"),                     // 12: landline
                "",                                                           // blank: ignored
                line(good3, newPhone(), "", ""));                             // 14: language defaults to fr

        CampaignSummary s = f.importLines(lines);

        assertThat(s.imported()).isEqualTo(3);
        assertThat(s.rejected()).isEqualTo(9);
        assertThat(s.skipped()).isZero();
        List<Rejection> rejections = await(f.campaigns().rejections(s.campaignId(), 0, "", 100));
        assertThat(rejections).extracting(Rejection::line, Rejection::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(4L, "phone"), org.assertj.core.groups.Tuple.tuple(5L, "ins"),
                org.assertj.core.groups.Tuple.tuple(6L, "email"), org.assertj.core.groups.Tuple.tuple(7L, "phone"),
                org.assertj.core.groups.Tuple.tuple(8L, "language"),
                org.assertj.core.groups.Tuple.tuple(9L, "birthDate"), org.assertj.core.groups.Tuple.tuple(10L, "line"),
                org.assertj.core.groups.Tuple.tuple(11L, "birthDate"),
                org.assertj.core.groups.Tuple.tuple(12L, "phone"));
        assertThat(rejections).allSatisfy(r -> assertThat(r.reason()).doesNotContain(badIns)
                .doesNotContain("0612345678").doesNotContain("not-an-email").doesNotContain("12/05/1985"));
        String report = f.report(s.campaignId());
        assertThat(report).startsWith("line,field,reason\n").contains("5,ins,\"the key (last two digits)")
                .doesNotContain(badIns);
        assertThat(report.lines().count()).isEqualTo(10);

        for (Ins ins : List.of(good1, good2, good3)) {
            assertThat(f.recordColumn(ins, "state")).isEqualTo("INVITED");
            assertThat(f.recordColumn(ins, "opposition_deadline")).isNull();
            assertThat(f.recordColumn(ins, "invited_at")).isNull();
            assertThat(f.recordColumn(ins, "invitation_code_hash")).isNotNull();
        }
        assertThat(f.recordColumn(good2, "language")).isEqualTo("en");
        // good1 by SMS and e-mail, good2 by e-mail, good3 by SMS.
        assertThat(f.count("SELECT count(*) FROM outbox_message WHERE group_key = ? AND kind = 'INVITATION'",
                Campaigns.groupKey(s.campaignId()))).isEqualTo(4);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'REGISTER' AND rule_id = 'campaign-invited' "
                + "AND ins_hash = ?", f.hasher.hash(good1))).isEqualTo(1);
    }

    @Test
    void batchesWrittenInParallelInviteEachPersonOnceEvenWhenTheFileRepeatsThemAcrossBatches() throws Exception {
        // 8 batches of 50 lines, 3 in flight: the same person in two neighbouring batches (in both orders) races on
        // the INS unique index; each person is invited exactly once and the counts add up.
        List<Ins> people = new java.util.ArrayList<>();
        for (int i = 0; i < 360; i++) {
            people.add(newIns());
        }
        List<String> lines = new java.util.ArrayList<>();
        for (Ins ins : people) {
            lines.add(line(ins, newPhone(), "", "fr"));
        }
        for (int i = 0; i < 20; i++) { // line 60+i repeats person 20+i (batches 1 and 2), and the other way round
            lines.add(60 + 2 * i, line(people.get(20 + i), newPhone(), "", "fr"));
            lines.add(20 + i, line(people.get(80 + i), newPhone(), "", "fr"));
        }

        CampaignSummary s = f.importLines(lines);

        assertThat(s.imported()).isEqualTo(360);
        assertThat(s.skipped()).isEqualTo(40);
        assertThat(s.rejected()).isZero();
        assertThat(f.count("SELECT count(*) FROM outbox_message WHERE group_key = ?",
                Campaigns.groupKey(s.campaignId()))).isEqualTo(360);
        assertThat(f.count("SELECT count(*) FROM campaign_invitation WHERE campaign_id = ?", s.campaignId()))
                .isEqualTo(360);
        assertThat(f.count("SELECT count(DISTINCT sms_message) FROM campaign_invitation WHERE campaign_id = ?",
                s.campaignId())).isEqualTo(360);
        CampaignProgress p = await(f.campaigns().progress(s.campaignId()));
        assertThat(p.imported()).isEqualTo(360);
        assertThat(p.skipped()).isEqualTo(40);
        assertThat(p.queued()).isEqualTo(360);
    }

    @Test
    void aWrongHeaderFailsTheImportNamingTheFile() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("cohort", ".csv");
        java.nio.file.Files.writeString(file, "nir,birth\n1,2\n");
        Throwable e = failure(f.campaigns().importFile("admin-1", file));
        InvitationFixture.deleteQuietly(file);
        assertThat(e).isInstanceOf(RecordException.Invalid.class).hasMessageContaining("header");
    }

    @Test
    void aPersonAlreadyInvitedIsSkippedAndNeverGetsASecondMessage() throws Exception {
        Ins a = newIns();
        Ins b = newIns();
        List<String> cohort = List.of(line(a, newPhone(), "", "fr"), line(b, "", newEmail(), "fr"),
                line(a, newPhone(), "", "fr"));
        CampaignSummary first = f.importLines(cohort);
        assertThat(first.imported()).isEqualTo(2);
        assertThat(first.skipped()).isEqualTo(1);

        CampaignSummary again = f.importLines(cohort);

        assertThat(again.imported()).isZero();
        assertThat(again.skipped()).isEqualTo(3);
        assertThat(f.count("SELECT count(*) FROM outbox_message WHERE group_key = ?",
                Campaigns.groupKey(again.campaignId()))).isZero();
        assertThat(f.count("SELECT count(*) FROM campaign_invitation WHERE record_id IN "
                + "(SELECT id FROM record WHERE ins_hash IN (?, ?))", f.hasher.hash(a), f.hasher.hash(b))).isEqualTo(2);
    }

    @Test
    void theWindowOpensOnlyWhenSentAndARecordWithoutDeadlineIsNeverActivated() throws Exception {
        Ins ins = newIns();
        CampaignSummary s = f.importLines(List.of(line(ins, newPhone(), newEmail(), "fr")));
        Instant far = f.clock.instant().plus(Duration.ofDays(400));

        SchedulerRun run = await(f.scheduler().runOnce(far));

        assertThat(run.invitationsSent()).isZero();
        assertThat(f.recordColumn(ins, "state")).isEqualTo("INVITED");
        assertThat(f.recordColumn(ins, "opposition_deadline")).isNull();

        // The dispatcher records the provider's acceptance of the e-mail first, then the SMS (one hour later).
        Instant sent = f.clock.instant().truncatedTo(ChronoUnit.MICROS);
        markSent(s.campaignId(), "EMAIL", sent);
        markSent(s.campaignId(), "SMS", sent.plus(Duration.ofHours(1)));
        await(f.scheduler().markSent(f.clock.instant()));

        assertThat(instant(f.recordColumn(ins, "invited_at"))).isEqualTo(sent);
        assertThat(instant(f.recordColumn(ins, "opposition_deadline"))).isEqualTo(sent.plus(Duration.ofDays(42)));
        assertThat(instant(f.recordColumn(ins, "invitation_code_expires_at")))
                .isEqualTo(sent.plus(Duration.ofDays(42)));
    }

    @Test
    void theDeadlineExistsFromTheFirstSecondTheInvitationIsSentBeforeAnySchedulerPass() throws Exception {
        Ins ins = newIns();
        CampaignSummary s = f.importLines(List.of(line(ins, newPhone(), "", "fr")));
        assertThat(await(f.store.patients().overview().overview(ins)).oppositionDeadline()).isEmpty();

        Instant sent = f.clock.instant().truncatedTo(ChronoUnit.MICROS);
        markSent(s.campaignId(), "SMS", sent);

        // No scheduler pass yet: the stored deadline is still NULL, but the person already sees the real one.
        assertThat(f.recordColumn(ins, "opposition_deadline")).isNull();
        assertThat(await(f.store.patients().overview().overview(ins)).oppositionDeadline())
                .contains(sent.plus(Duration.ofDays(42)));
        OppositionReceipt receipt = await(f.store.patients().lifecycle().oppose(ins));
        assertThat(receipt.windowClosesAt()).isEqualTo(sent.plus(Duration.ofDays(42)));
    }

    @Test
    void aPersonWhoseInvitationIsStillBeingSentMayAlreadyOpposeAndTheSendLaterBoundsTheWithdrawal() throws Exception {
        Ins ins = newIns();
        CampaignSummary s = f.importLines(List.of(line(ins, newPhone(), "", "fr")));

        OppositionReceipt receipt = await(f.store.patients().lifecycle().oppose(ins));

        assertThat(f.recordColumn(ins, "state")).isEqualTo("OPPOSED");
        assertThat(receipt.windowClosesAt()).isAfterOrEqualTo(
                f.clock.instant().truncatedTo(ChronoUnit.MICROS).plus(Duration.ofDays(42)));
        Instant sent = f.clock.instant().truncatedTo(ChronoUnit.MICROS);
        markSent(s.campaignId(), "SMS", sent);
        await(f.scheduler().markSent(f.clock.instant()));
        assertThat(instant(f.recordColumn(ins, "opposition_deadline"))).isEqualTo(sent.plus(Duration.ofDays(42)));
    }

    @Test
    void reinvitingFailedDeliveriesSendsANewCodeToEveryAddressOnceAndOnlyToThoseNobodyReached() throws Exception {
        Ins unreached = newIns();
        Ins reached = newIns();
        CampaignSummary s = f.importLines(List.of(line(unreached, newPhone(), newEmail(), "fr"),
                line(reached, newPhone(), "", "fr")));
        String messagesOf = "SELECT unnest(ARRAY[sms_message, email_message]) FROM campaign_invitation "
                + "WHERE record_id = (SELECT id FROM record WHERE ins_hash = ?)";
        f.update("UPDATE outbox_message SET status = 'DEAD', last_error = 'rejected' WHERE id IN (" + messagesOf + ")",
                f.hasher.hash(unreached));
        f.update("UPDATE outbox_message SET status = 'SENT', sent_at = now() WHERE id IN (" + messagesOf + ")",
                f.hasher.hash(reached));
        Object oldCode = f.recordColumn(unreached, "invitation_code_hash");

        assertThat(await(f.campaigns().reinviteFailed(s.campaignId()))).isEqualTo(1);

        // Two new messages (SMS and e-mail, every address given), queued, now the invitation's; a new code.
        assertThat(f.count("SELECT count(*) FROM outbox_message WHERE status = 'QUEUED' AND id IN (" + messagesOf
                + ")", f.hasher.hash(unreached))).isEqualTo(2);
        assertThat(f.recordColumn(unreached, "invitation_code_hash")).isNotEqualTo(oldCode);
        // Again at once: nothing has failed since, nobody is re-invited twice.
        assertThat(await(f.campaigns().reinviteFailed(s.campaignId()))).isZero();
        // The new messages open the window when they go.
        Instant sent = f.clock.instant().truncatedTo(ChronoUnit.MICROS);
        f.update("UPDATE outbox_message SET status = 'SENT', sent_at = ? WHERE id IN (" + messagesOf + ")",
                OffsetDateTime.ofInstant(sent, ZoneOffset.UTC), f.hasher.hash(unreached));
        await(f.scheduler().markSent(f.clock.instant()));
        assertThat(instant(f.recordColumn(unreached, "opposition_deadline"))).isEqualTo(sent.plus(Duration.ofDays(42)));
        assertThat(failure(f.campaigns().reinviteFailed(UUID.randomUUID())))
                .isInstanceOf(RecordException.NotFound.class);
    }

    private static final String ADDRESS = "12 rue des Lilas|75011 PARIS";
    private static final String MESSAGES_OF = "SELECT unnest(ARRAY[sms_message, email_message, letter_message]) "
            + "FROM campaign_invitation WHERE record_id = (SELECT id FROM record WHERE ins_hash = ?)";

    private long messages(Ins ins, String channel, String status) throws Exception {
        return f.count("SELECT count(*) FROM outbox_message WHERE channel = '" + channel + "' AND status = '" + status
                + "' AND id IN (" + MESSAGES_OF + ")", f.hasher.hash(ins));
    }

    @Test
    void aPersonWithNeitherPhoneNorEmailIsInvitedByLetterAndTheLetterOpensTheWindow() throws Exception {
        Ins ins = newIns();
        CampaignSummary s = f.importLines(List.of(line(ins, "", "", "fr", ADDRESS)));
        assertThat(s.imported()).isEqualTo(1);
        assertThat(messages(ins, "LETTER", "QUEUED")).isEqualTo(1);
        assertThat(f.count("SELECT count(*) FROM outbox_message WHERE group_key = ?",
                Campaigns.groupKey(s.campaignId()))).isEqualTo(1);

        Instant sent = f.clock.instant().truncatedTo(ChronoUnit.MICROS);
        f.update("UPDATE outbox_message SET status = 'SENT', sent_at = ? WHERE id IN (" + MESSAGES_OF + ")",
                OffsetDateTime.ofInstant(sent, ZoneOffset.UTC), f.hasher.hash(ins));
        await(f.scheduler().markSent(f.clock.instant()));
        assertThat(instant(f.recordColumn(ins, "opposition_deadline"))).isEqualTo(sent.plus(Duration.ofDays(42)));
    }

    @Test
    void aReturnedLetterWithdrawsTheWindowOfWhoWasNeverToldAndReinviteWritesAgain(@TempDir Path dir)
            throws Exception {
        Ins letterOnly = newIns();
        Ins opened = newIns();
        CampaignSummary s = f.importLines(List.of(line(letterOnly, "", "", "fr", ADDRESS),
                line(opened, "", "", "fr", ADDRESS)));
        // The batch was written for the mail house: the letters are SENT and open the window.
        for (Ins ins : List.of(letterOnly, opened)) {
            f.update("UPDATE outbox_message SET status = 'SENT', sent_at = now() WHERE id IN (" + MESSAGES_OF + ")",
                    f.hasher.hash(ins));
        }
        await(f.scheduler().markSent(f.clock.instant()));
        assertThat(f.recordColumn(letterOnly, "opposition_deadline")).isNotNull();
        f.update("UPDATE record SET state = 'ACTIVE' WHERE ins_hash = ?", f.hasher.hash(opened));
        String returned = letterOf(letterOnly);
        String unknown = java.util.UUID.randomUUID().toString();

        Path file = dir.resolve("retours.csv");
        Files.writeString(file, "reference,reason\n"
                + returned + ",NPAI\n"                       // 2
                + letterOf(opened) + ",decede\n"             // 3: the record was opened meanwhile
                + unknown + ",npai\n"                        // 4: no such letter
                + "not-a-reference,npai\n"                   // 5
                + returned + ",lost in the rain\n"           // 6
                + "\n"
                + "a,b,c\n");                                // 8
        ReturnedLetters.Report r = await(f.campaigns().recordReturnedLetters(file));

        assertThat(r.returned()).isEqualTo(2);
        assertThat(r.unmatched()).isEqualTo(1);
        assertThat(r.withdrawn()).isEqualTo(1);
        assertThat(r.alreadyOpen()).isEqualTo(1);
        assertThat(r.campaigns()).containsExactly(s.campaignId());
        assertThat(r.refused()).extracting(Rejection::line, Rejection::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5L, "reference"), org.assertj.core.groups.Tuple.tuple(6L, "reason"),
                org.assertj.core.groups.Tuple.tuple(8L, "line"));
        assertThat(f.count("SELECT count(*) FROM outbox_message WHERE id = ?::uuid AND status = 'FAILED' "
                + "AND last_error = 'returned: npai'", returned)).isEqualTo(1);
        // The person was never told: no window, the invitation not sent; the open record is left as it is.
        assertThat(f.recordColumn(letterOnly, "opposition_deadline")).isNull();
        assertThat(f.recordColumn(letterOnly, "invited_at")).isNull();
        assertThat(f.recordColumn(opened, "state")).isEqualTo("ACTIVE");
        // The same file again changes nothing more.
        ReturnedLetters.Report again = await(f.campaigns().recordReturnedLetters(file));
        assertThat(again.returned()).isZero();
        assertThat(again.withdrawn()).isZero();

        // reinvite --failed picks it up: no channel left untried, so the letter again, with a new code.
        assertThat(await(f.campaigns().reinviteFailed(s.campaignId()))).isEqualTo(1);
        assertThat(messages(letterOnly, "LETTER", "QUEUED")).isEqualTo(1);
        assertThat(await(f.campaigns().reinviteFailed(s.campaignId()))).isZero();

        Files.writeString(file, "line,why\n" + returned + ",npai\n");
        assertThat(failure(f.campaigns().recordReturnedLetters(file)))
                .isInstanceOf(RecordException.Invalid.class);
    }

    private static String letterOf(Ins ins) throws Exception {
        return String.valueOf(f.value("SELECT letter_message FROM campaign_invitation WHERE record_id = "
                + "(SELECT id FROM record WHERE ins_hash = ?)", f.hasher.hash(ins)));
    }

    @Test
    void afterFailedSmsAndEmailTheSchedulerWritesToWhoGaveAnAddressAndTheLetterIsTheLastResort() throws Exception {
        Ins withAddress = newIns();
        Ins phoneOnly = newIns();
        CampaignSummary s = f.importLines(List.of(line(withAddress, newPhone(), newEmail(), "fr", ADDRESS),
                line(phoneOnly, newPhone(), "", "fr")));
        // Reachable by SMS and e-mail: no letter at first.
        assertThat(messages(withAddress, "LETTER", "QUEUED")).isZero();
        for (Ins ins : List.of(withAddress, phoneOnly)) {
            f.update("UPDATE outbox_message SET status = 'DEAD', last_error = 'rejected' WHERE id IN (" + MESSAGES_OF
                    + ")", f.hasher.hash(ins));
        }

        SchedulerRun run = await(f.scheduler().runOnce(f.clock.instant()));

        assertThat(run.letters()).isEqualTo(1);
        assertThat(messages(withAddress, "LETTER", "QUEUED")).isEqualTo(1);
        assertThat(messages(phoneOnly, "LETTER", "QUEUED")).isZero();
        // A second pass writes nothing more.
        assertThat(await(f.scheduler().runOnce(f.clock.instant())).letters()).isZero();
        // The operator's re-invitation: only the person nobody is trying to reach any more, by the SMS again.
        assertThat(await(f.campaigns().reinviteFailed(s.campaignId()))).isEqualTo(1);
        assertThat(messages(phoneOnly, "SMS", "QUEUED")).isEqualTo(1);
        // The letter failed too (returned): with no channel left untried, every channel again.
        f.update("UPDATE outbox_message SET status = 'FAILED' WHERE channel = 'LETTER' AND id IN (" + MESSAGES_OF
                + ")", f.hasher.hash(withAddress));
        assertThat(await(f.campaigns().reinviteFailed(s.campaignId()))).isEqualTo(1);
        assertThat(messages(withAddress, "SMS", "QUEUED") + messages(withAddress, "EMAIL", "QUEUED")
                + messages(withAddress, "LETTER", "QUEUED")).isEqualTo(3);
    }

    @Test
    void theDailyChartCountsPersonsSentDeliveredOpposedAndActivatedOnTheirParisDay() throws Exception {
        Ins opens = newIns();
        Ins opposes = newIns();
        Ins unsent = newIns();
        CampaignSummary s = f.importLines(List.of(line(opens, newPhone(), newEmail(), "fr"),
                line(opposes, newPhone(), "", "fr"), line(unsent, "", newEmail(), "fr")));
        // 23:30 UTC in winter is the next day in Paris.
        Instant sent = Instant.parse("2026-12-01T23:30:00Z");
        markSent(s.campaignId(), "SMS", sent);
        f.update("UPDATE outbox_message SET status = 'DELIVERED', delivered_at = ? WHERE group_key = ? "
                + "AND channel = 'SMS'", OffsetDateTime.ofInstant(sent.plus(Duration.ofHours(1)), ZoneOffset.UTC),
                Campaigns.groupKey(s.campaignId()));
        await(f.scheduler().markSent(sent));
        await(f.store.patients().lifecycle().oppose(opposes));
        await(f.scheduler().runOnce(sent.plus(Duration.ofDays(43))));

        List<CampaignDay> days = await(f.campaigns().daily(s.campaignId()));

        java.time.LocalDate parisDay = java.time.LocalDate.parse("2026-12-02");
        assertThat(days).filteredOn(d -> d.day().equals(parisDay)).singleElement()
                .satisfies(d -> {
                    assertThat(d.sent()).isEqualTo(2);
                    assertThat(d.delivered()).isEqualTo(2);
                });
        assertThat(days).extracting(CampaignDay::opposed).containsOnly(0L, 1L);
        assertThat(days.stream().mapToLong(CampaignDay::opposed).sum()).isEqualTo(1);
        assertThat(days).filteredOn(d -> d.day().equals(parisDay.plusDays(42))).singleElement()
                .extracting(CampaignDay::activated).isEqualTo(1L);
        assertThat(days.stream().mapToLong(CampaignDay::sent).sum()).isEqualTo(2);
    }

    @Test
    void theDeadlineIsNotOpenedByAMessageThatFailed() throws Exception {
        Ins ins = newIns();
        CampaignSummary s = f.importLines(List.of(line(ins, newPhone(), "", "fr")));
        f.update("UPDATE outbox_message SET status = 'DEAD', last_error = 'rejected' WHERE group_key = ?",
                Campaigns.groupKey(s.campaignId()));

        await(f.scheduler().markSent(f.clock.instant()));

        assertThat(f.recordColumn(ins, "opposition_deadline")).isNull();
        assertThat(await(f.campaigns().progress(s.campaignId())).failed()).isEqualTo(1);
    }

    @Test
    void twoSchedulersRunningTogetherActivateEachRecordOnce() throws Exception {
        List<String> lines = new ArrayList<>();
        List<Ins> people = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Ins ins = newIns();
            people.add(ins);
            lines.add(line(ins, newPhone(), "", "fr"));
        }
        CampaignSummary s = f.importLines(lines);
        Instant sent = f.clock.instant().truncatedTo(ChronoUnit.MICROS);
        markSent(s.campaignId(), "SMS", sent);
        await(f.scheduler().markSent(sent));
        long activationsBefore = f.count("SELECT count(*) FROM audit_log WHERE action = 'ACTIVATE'");
        Scheduler other = f.store.invitations(fr.sante.dmp.notify.Notifications.outboxOnly(
                InvitationFixture.PAYLOAD_KEY), OPTIONS).scheduler();
        Instant day42 = sent.plus(Duration.ofDays(42));

        Future<Long> one = f.scheduler().activate(day42);
        Future<Long> two = other.activate(day42);
        await(Future.all(one, two));

        assertThat(one.result() + two.result()).isGreaterThanOrEqualTo(200);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'ACTIVATE'") - activationsBefore)
                .isEqualTo(one.result() + two.result());
        for (Ins ins : people) {
            assertThat(f.recordColumn(ins, "state")).isEqualTo("ACTIVE");
            assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'ACTIVATE' AND ins_hash = ?",
                    f.hasher.hash(ins))).isEqualTo(1);
        }
        assertThat(await(f.scheduler().activate(day42))).isZero();
        CampaignProgress p = await(f.campaigns().progress(s.campaignId()));
        assertThat(p.activated()).isEqualTo(200);
        assertThat(p.sent()).isEqualTo(200);
    }

    @Test
    void theReminderIsEnqueuedOnceAndOnlyForThoseWhoHaveNotActed() throws Exception {
        Ins waiting = newIns();
        Ins opposed = newIns();
        CampaignSummary s = f.importLines(List.of(line(waiting, newPhone(), newEmail(), "fr"),
                line(opposed, newPhone(), "", "fr")));
        Instant sent = f.clock.instant().truncatedTo(ChronoUnit.MICROS);
        markSent(s.campaignId(), "SMS", sent);
        await(f.scheduler().markSent(sent));
        await(f.store.patients().lifecycle().oppose(opposed));
        Instant deadline = sent.plus(Duration.ofDays(42));
        String group = Campaigns.groupKey(s.campaignId());

        String reminders = "SELECT count(*) FROM outbox_message WHERE group_key = ? AND kind = 'REMINDER'";
        // Other tests' invitations share the database: count this campaign's reminders only.
        await(f.scheduler().remind(deadline.minus(Duration.ofDays(15))));
        assertThat(f.count(reminders, group)).isZero();
        await(f.scheduler().remind(deadline.minus(Duration.ofDays(14))));
        assertThat(f.count(reminders, group)).isEqualTo(1);
        await(f.scheduler().remind(deadline.minus(Duration.ofDays(13))));
        await(f.scheduler().runOnce(deadline.minus(Duration.ofDays(1))));

        assertThat(f.count("SELECT count(*) FROM outbox_message WHERE group_key = ? AND kind = 'REMINDER'", group))
                .isEqualTo(1);
        assertThat(f.count("SELECT count(*) FROM outbox_message WHERE group_key = ? AND kind = 'REMINDER' "
                + "AND channel = 'SMS'", group)).isEqualTo(1);
        CampaignProgress p = await(f.campaigns().progress(s.campaignId()));
        assertThat(p.opposed()).isEqualTo(1);
        assertThat(p.imported()).isEqualTo(2);
        assertThat(p.queued()).isEqualTo(2); // the e-mail invitation and the reminder; the SMS were sent
    }

    @Test
    void aClosedRecordIsPurgedThreeMonthsAfterTheDeletionRequest() throws Exception {
        Ins ins = newIns();
        await(f.store.records().register("admin-1", ins, fr.sante.dmp.store.record.StoreFixture.person("Martin",
                RecordState.ACTIVE)));
        await(f.store.patients().lifecycle().requestDeletion(ins));
        Instant requested = f.clock.instant();

        assertThat(await(f.scheduler().purge(requested.plus(Duration.ofDays(89))))).isZero();
        SchedulerRun run = await(f.scheduler().runOnce(requested.plus(Duration.ofDays(91))));

        assertThat(run.purged()).isEqualTo(1);
        assertThat(f.recordColumn(ins, "state")).isEqualTo("PURGED");
        assertThat(f.recordColumn(ins, "wrapped_key")).isNull();
        assertThat(f.recordColumn(ins, "identity")).isNull();
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'PURGE' AND ins_hash = ?",
                f.hasher.hash(ins))).isEqualTo(1);
        assertThat(await(f.store.audit().verify()).ok()).isTrue();
    }

    @Test
    void progressOfAnUnknownCampaignIsNotFound() throws Exception {
        assertThat(failure(f.campaigns().progress(UUID.randomUUID()))).isInstanceOf(RecordException.NotFound.class);
    }

    private static void markSent(UUID campaignId, String channel, Instant at) throws Exception {
        f.update("UPDATE outbox_message SET status = 'SENT', sent_at = ? WHERE group_key = ? AND channel = ? "
                + "AND kind = 'INVITATION'", OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
                Campaigns.groupKey(campaignId), channel);
    }

    private static Instant instant(Object o) {
        return ((java.sql.Timestamp) o).toInstant();
    }
}
