package fr.sante.dmp.store.invitation;

import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.RepresentationKind;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import fr.sante.dmp.store.record.PersonRegistration;
import fr.sante.dmp.store.representation.NewRepresentation;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * At 18 parental links end by themselves (Code civil 388): the scheduler's pass ends them, tells the person and each
 * representative through the outbox, and audits it; a guardian's link is not touched, nor a child's.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class MajorityIT {
    private static final InvitationOptions OPTIONS = InvitationOptions.defaults(InvitationFixture.OPPOSITION_URL);
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
    void parentalLinksEndAtTheEighteenthBirthdayWithNoticesAndAuditEntries() throws Exception {
        LocalDate today = LocalDate.ofInstant(f.clock.instant(), ZoneId.of("Europe/Paris"));
        Ins mother = person(LocalDate.of(1980, 1, 1));
        Ins father = person(LocalDate.of(1979, 1, 1));
        Ins turning = person(today.minusYears(18).plusDays(3));
        Ins child = person(today.minusYears(9));
        UUID first = link(mother, turning, today.minusYears(1));
        UUID second = link(father, turning, today.minusYears(1));
        UUID young = link(mother, child, today.minusYears(1));
        long notices = f.count("SELECT count(*) FROM outbox_message WHERE template_id = 'majority'");
        long told = f.count("SELECT count(*) FROM outbox_message WHERE template_id = 'majority-representative'");

        // Two days before the birthday: nothing ends.
        assertThat(await(f.scheduler().endAtMajority(f.clock.instant().plus(Duration.ofDays(2))))).isZero();
        assertThat(ended(first)).isFalse();

        Instant birthday = today.plusDays(3).atStartOfDay(ZoneId.of("Europe/Paris")).toInstant().plusSeconds(60);
        f.clock.set(birthday);
        assertThat(await(f.scheduler().runOnce(birthday)).ofAge()).isEqualTo(2);

        assertThat(ended(first)).isTrue();
        assertThat(ended(second)).isTrue();
        assertThat(ended(young)).isFalse();
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'END_REPRESENTATION' "
                + "AND rule_id = 'representation-majority' AND ins_hash = ?", f.hasher.hash(turning))).isEqualTo(2);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'END_REPRESENTATION' "
                + "AND rule_id = 'representation-majority' AND ins_hash = ?", f.hasher.hash(mother))).isEqualTo(1);
        // The person once (two links), each representative once.
        assertThat(f.count("SELECT count(*) FROM outbox_message WHERE template_id = 'majority'"))
                .isEqualTo(notices + 1);
        assertThat(f.count("SELECT count(*) FROM outbox_message WHERE template_id = 'majority-representative'"))
                .isEqualTo(told + 2);
        // A second pass does nothing more.
        assertThat(await(f.scheduler().endAtMajority(birthday))).isZero();
    }

    /**
     * A person whose record is still INVITED at 18 (the invitation of the child went to a parent's phone, or was never
     * sent): their own invitation, with a new code and a window that opens when it is sent; no "your space is yours"
     * notice for a space not open yet; the parent is told, and the audit says so.
     */
    @Test
    void aPersonStillInvitedAtMajorityGetsTheirOwnInvitationAndANewWindow() throws Exception {
        LocalDate today = LocalDate.ofInstant(f.clock.instant(), ZoneId.of("Europe/Paris"));
        Ins mother = person(LocalDate.of(1981, 1, 1));
        Ins invited = person(today.minusYears(18).plusDays(1), RecordState.INVITED);
        link(mother, invited, today.minusYears(1));
        Object oldDeadline = f.recordColumn(invited, "opposition_deadline");
        assertThat(oldDeadline).as("registered INVITED: the window already runs").isNotNull();
        Object oldCode = f.recordColumn(invited, "invitation_code_hash");
        long notices = f.count("SELECT count(*) FROM outbox_message WHERE template_id = 'majority'");
        long told = f.count("SELECT count(*) FROM outbox_message WHERE template_id = 'majority-representative'");

        Instant birthday = today.plusDays(1).atStartOfDay(ZoneId.of("Europe/Paris")).toInstant().plusSeconds(60);
        f.clock.set(birthday);
        assertThat(await(f.scheduler().endAtMajority(birthday))).isEqualTo(1);

        assertThat(f.recordColumn(invited, "state")).isEqualTo("INVITED");
        assertThat(f.recordColumn(invited, "opposition_deadline")).as("the window waits for the new send").isNull();
        assertThat(f.recordColumn(invited, "invitation_code_hash")).isNotEqualTo(oldCode);
        UUID record = (UUID) f.recordColumn(invited, "id");
        UUID campaign = (UUID) f.value("SELECT campaign_id FROM campaign_invitation WHERE record_id = ?", record);
        assertThat(f.value("SELECT operator || ' ' || imported FROM campaign WHERE id = ?", campaign))
                .isEqualTo("scheduler 1");
        assertThat(f.value("SELECT template_id || ' ' || kind FROM outbox_message WHERE id = "
                + "(SELECT sms_message FROM campaign_invitation WHERE record_id = ?)", record))
                .isEqualTo("invitation INVITATION");
        assertThat(f.count("SELECT count(*) FROM outbox_message WHERE template_id = 'majority'")).isEqualTo(notices);
        assertThat(f.count("SELECT count(*) FROM outbox_message WHERE template_id = 'majority-representative'"))
                .isEqualTo(told + 1);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'ISSUE_INVITATION_CODE' "
                + "AND rule_id = 'majority-invitation' AND actor_id = 'scheduler' AND ins_hash = ?",
                f.hasher.hash(invited))).isEqualTo(1);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'END_REPRESENTATION' "
                + "AND rule_id = 'representation-majority' AND ins_hash = ?", f.hasher.hash(invited))).isEqualTo(1);

        // Sent: the ordinary send-time job opens the window, 42 days from this invitation.
        Instant sent = birthday.plus(Duration.ofHours(2));
        f.update("UPDATE outbox_message SET status = 'SENT', sent_at = ? WHERE id = "
                + "(SELECT sms_message FROM campaign_invitation WHERE record_id = ?)",
                java.time.OffsetDateTime.ofInstant(sent, java.time.ZoneOffset.UTC), record);
        await(f.scheduler().markSent(sent.plusSeconds(5)));
        assertThat(((java.sql.Timestamp) f.recordColumn(invited, "opposition_deadline")).toInstant())
                .isEqualTo(sent.plus(Duration.ofDays(42)));
    }

    private static Ins person(LocalDate born) throws Exception {
        return person(born, RecordState.ACTIVE);
    }

    private static Ins person(LocalDate born, RecordState state) throws Exception {
        Ins ins = InvitationFixture.newIns();
        await(f.store.records().register("admin-1", ins, new PersonRegistration(born, "Léa", "Martin", "F",
                Optional.of(InvitationFixture.newPhone()), Optional.empty(), state)));
        return ins;
    }

    private static UUID link(Ins parent, Ins child, LocalDate from) throws Exception {
        return await(f.store.representations().create("admin-1", new NewRepresentation(parent, child,
                RepresentationKind.PARENTAL_AUTHORITY, from, Optional.empty(), "Livret de famille")));
    }

    private static boolean ended(UUID link) throws Exception {
        return f.value("SELECT ended_at FROM representation WHERE id = ?", link) != null;
    }
}
