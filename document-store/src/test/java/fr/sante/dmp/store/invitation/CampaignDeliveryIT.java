package fr.sante.dmp.store.invitation;

import static fr.sante.dmp.store.invitation.InvitationFixture.line;
import static fr.sante.dmp.store.invitation.InvitationFixture.newEmail;
import static fr.sante.dmp.store.invitation.InvitationFixture.newIns;
import static fr.sante.dmp.store.invitation.InvitationFixture.newPhone;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.notify.Notifications;
import fr.sante.dmp.notify.NotifyOptions;
import fr.sante.dmp.dev.EmbeddedMessaging;
import fr.sante.dmp.dev.ReceivedSms;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Invitations through the real dispatcher to the in-process SMSC (jSMPP) and GreenMail: what reaches the person, how
 * often, and the six-week window counted from the send time, with the store's clock moved by the test.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class CampaignDeliveryIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final InvitationOptions OPTIONS = InvitationOptions.defaults(InvitationFixture.OPPOSITION_URL);
    private static InvitationFixture f;
    private static EmbeddedMessaging embedded;
    private static Notifications notifications;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = InvitationFixture.start(db, OPTIONS);
        embedded = await(EmbeddedMessaging.start(f.vertx, 0));
        NotifyOptions.Dispatch fast = new NotifyOptions.Dispatch(50, 2, 3, Duration.ofMillis(50),
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(30));
        notifications = await(Notifications.start(f.vertx, f.pool, new NotifyOptions(embedded.smppSettings(),
                embedded.smtpSettings(), fast, InvitationFixture.PAYLOAD_KEY)));
        f.useOutbox(notifications.outbox(), OPTIONS);
    }

    @AfterAll
    static void stop() throws Exception {
        await(notifications.close());
        await(embedded.close());
        f.close();
    }

    @Test
    void theInvitationReachesPhoneAndMailboxAndTheWindowRunsFortyTwoDaysFromTheSendTime() throws Exception {
        Ins early = newIns();
        Ins late = newIns();
        String phone = newPhone();
        String email = newEmail();
        String lateEmail = newEmail();
        CampaignSummary s = f.importLines(List.of(line(early, phone, email, "fr"), line(late, "", lateEmail, "en")));
        assertThat(s.imported()).isEqualTo(2);

        until(() -> sms(phone).size() == 1 && mails(email) == 1 && mails(lateEmail) == 1);
        assertThat(sms(phone).get(0).text()).contains("Mon espace santé sera créé pour vous le")
                .contains(InvitationFixture.OPPOSITION_URL).doesNotContain("Durand");
        // Until the dispatcher has recorded the send, the window is not open.
        until(() -> {
            await(f.scheduler().markSent(f.clock.instant()));
            return f.recordColumn(early, "opposition_deadline") != null
                    && f.recordColumn(late, "opposition_deadline") != null;
        });
        Instant sent = firstSent(early);
        assertThat(((Timestamp) f.recordColumn(early, "invited_at")).toInstant()).isEqualTo(sent);
        Instant deadline = ((Timestamp) f.recordColumn(early, "opposition_deadline")).toInstant();
        assertThat(deadline).isEqualTo(sent.plus(Duration.ofDays(42)));

        // Day 41: still INVITED after a scheduler pass, and opposing works.
        f.clock.set(sent.plus(Duration.ofDays(41)));
        await(f.scheduler().runOnce(f.clock.instant()));
        assertThat(f.recordColumn(early, "state")).isEqualTo("INVITED");
        assertThat(f.recordColumn(late, "state")).isEqualTo("INVITED");
        await(f.store.patients().lifecycle().oppose(early));
        assertThat(f.recordColumn(early, "state")).isEqualTo("OPPOSED");

        // Day 42: the scheduler opens the record; opposing now is refused and points to closing.
        Instant lateDeadline = ((Timestamp) f.recordColumn(late, "opposition_deadline")).toInstant();
        f.clock.set(lateDeadline);
        SchedulerRun run = await(f.scheduler().runOnce(f.clock.instant()));
        assertThat(run.activated()).isGreaterThanOrEqualTo(1);
        assertThat(f.recordColumn(late, "state")).isEqualTo("ACTIVE");
        Throwable refused = failure(f.store.patients().lifecycle().oppose(late));
        assertThat(refused).isInstanceOf(RecordException.Conflict.class).hasMessageContaining("close");

        CampaignProgress p = await(f.campaigns().progress(s.campaignId()));
        assertThat(p.imported()).isEqualTo(2);
        assertThat(p.opposed()).isEqualTo(1);
        assertThat(p.activated()).isEqualTo(1);
        // Three invitations and, at day 41 (within 14 days of the deadline), one reminder for each person.
        assertThat(p.queued() + p.sent() + p.delivered()).isEqualTo(5);
        assertThat(p.failed()).isZero();
        f.clock.set(Instant.now());
    }

    @Test
    void reImportingTheSameCohortSendsNobodyASecondMessage() throws Exception {
        Ins a = newIns();
        Ins b = newIns();
        String phoneA = newPhone();
        String phoneB = newPhone();
        String emailB = newEmail();
        List<String> cohort = List.of(line(a, phoneA, "", "fr"), line(b, phoneB, emailB, "fr"));
        f.importLines(cohort);
        until(() -> sms(phoneA).size() == 1 && sms(phoneB).size() == 1 && mails(emailB) == 1);
        int duplicatesBefore = embedded.smsc().duplicateCount();

        CampaignSummary again = f.importLines(cohort);
        // A second message would be in the outbox by now (the import enqueues in its transaction): once the outbox
        // has sent everything it holds, whatever it sent has reached the SMSC and GreenMail.
        until(CampaignDeliveryIT::outboxSettled);

        assertThat(again.skipped()).isEqualTo(2);
        assertThat(sms(phoneA)).hasSize(1);
        assertThat(sms(phoneB)).hasSize(1);
        assertThat(mails(emailB)).isEqualTo(1);
        assertThat(embedded.smsc().duplicateCount()).isEqualTo(duplicatesBefore);
    }

    @Test
    void theReminderReachesThePhoneOnceFourteenDaysBeforeTheDeadline() throws Exception {
        Ins ins = newIns();
        String phone = newPhone();
        f.importLines(List.of(line(ins, phone, "", "fr")));
        until(() -> {
            await(f.scheduler().markSent(f.clock.instant()));
            return f.recordColumn(ins, "opposition_deadline") != null;
        });
        Instant deadline = ((Timestamp) f.recordColumn(ins, "opposition_deadline")).toInstant();

        await(f.scheduler().runOnce(deadline.minus(Duration.ofDays(14))));
        await(f.scheduler().runOnce(deadline.minus(Duration.ofDays(10))));
        until(() -> sms(phone).size() == 2);
        until(CampaignDeliveryIT::outboxSettled);

        List<ReceivedSms> received = sms(phone);
        assertThat(received).hasSize(2);
        assertThat(received.get(1).text()).startsWith("Rappel");
        assertThat(f.recordColumn(ins, "state")).isEqualTo("INVITED");
    }

    private static List<ReceivedSms> sms(String phone) {
        return embedded.smsc().messages().stream().filter(m -> m.to().equals(phone)).toList();
    }

    private static long mails(String to) throws Exception {
        long n = 0;
        for (MimeMessage m : embedded.mail().received()) {
            if (m.getRecipients(Message.RecipientType.TO)[0].toString().equals(to)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Nothing due left to send and nothing being sent (this class's database holds its own messages only; one queued
     * for later, as a moved clock may leave, is not waited for).
     */
    private static boolean outboxSettled() throws Exception {
        return ((Number) f.value("SELECT count(*) FROM outbox_message WHERE status = 'SENDING' "
                + "OR (status = 'QUEUED' AND next_attempt_at <= now())")).longValue() == 0;
    }

    private static Instant firstSent(Ins ins) throws Exception {
        return ((Timestamp) f.value("SELECT min(m.sent_at) FROM outbox_message m JOIN campaign_invitation ci "
                + "ON m.id IN (ci.sms_message, ci.email_message) JOIN record r ON r.id = ci.record_id "
                + "WHERE r.ins_hash = ?", f.hasher.hash(ins))).toInstant();
    }

    private static void until(Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(50);
        }
    }
}
