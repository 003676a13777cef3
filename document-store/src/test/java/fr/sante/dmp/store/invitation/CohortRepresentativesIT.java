package fr.sante.dmp.store.invitation;

import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.record.PersonRegistration;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cohort's optional {@code representatives} column (issue 16): a minor's parents named on their line are linked
 * as parental authority with the record, in the same transaction; a line naming representatives for an adult, or an
 * unknown or under-age representative, is refused whole and nothing of it is written.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class CohortRepresentativesIT {
    private static final String HEADER = CohortParser.BASE + ",representatives";
    private static InvitationFixture f;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = InvitationFixture.start(db, InvitationOptions.defaults(InvitationFixture.OPPOSITION_URL));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void aMinorsParentsNamedOnTheLineAreLinkedWithTheRecordAndBadNamesRefuseTheLine() throws Exception {
        Ins mother = registered(LocalDate.of(1985, 1, 1));
        Ins father = registered(LocalDate.of(1984, 1, 1));
        Ins teenager = registered(LocalDate.of(2011, 5, 5));
        Ins child = ins("1170575", LocalDate.of(2017, 5, 3));
        Ins adult = InvitationFixture.newIns();
        Ins other = ins("2170575", LocalDate.of(2017, 5, 4));
        Ins orphan = ins("1170575", LocalDate.of(2017, 5, 6));

        CampaignSummary s = f.importLines(HEADER, List.of(
                line(child, "2017-05-03", mother.value() + " " + father.value()),
                line(adult, "1985-05-12", mother.value()),
                line(other, "2017-05-04", teenager.value()),
                line(orphan, "2017-05-06", InvitationFixture.newIns().value())));

        assertThat(s.imported()).isEqualTo(1);
        assertThat(s.rejected()).isEqualTo(3);
        assertThat(f.count("SELECT count(*) FROM representation l JOIN record r ON r.id = l.represented_id "
                + "WHERE r.ins_hash = ? AND l.kind = 'PARENTAL_AUTHORITY' AND l.ended_at IS NULL",
                f.hasher.hash(child))).isEqualTo(2);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'CREATE_REPRESENTATION' AND ins_hash = ?",
                f.hasher.hash(child))).isEqualTo(2);
        for (Ins refused : List.of(adult, other, orphan)) {
            assertThat(f.recordColumn(refused, "id")).as("nothing of a refused line is written").isNull();
        }
        List<Rejection> rejections = await(f.campaigns().rejections(s.campaignId(), 0, "", 100));
        assertThat(rejections).extracting(Rejection::field).containsOnly("representatives");
        // A parent on an earlier line of the same file is a holder too.
        Ins newParent = ins("2", LocalDate.of(1990, 2, 2));
        Ins baby = ins("2", LocalDate.of(2024, 2, 2));
        CampaignSummary family = f.importLines(HEADER, List.of(line(newParent, "1990-02-02", ""),
                line(baby, "2024-02-02", newParent.value())));
        assertThat(family.imported()).isEqualTo(2);
        assertThat(f.count("SELECT count(*) FROM representation l JOIN record r ON r.id = l.represented_id "
                + "WHERE r.ins_hash = ?", f.hasher.hash(baby))).isEqualTo(1);
        // A plain seven-column file still imports.
        assertThat(f.importLines(List.of(InvitationFixture.line(InvitationFixture.newIns(), InvitationFixture.newPhone(),
                "", "fr"))).imported()).isEqualTo(1);
    }

    private static String line(Ins ins, String birth, String representatives) {
        return String.join(",", ins.value(), birth, "Léo", "Martin", InvitationFixture.newPhone(), "", "fr",
                representatives);
    }

    /** A valid INS whose year and month match this birth date (the parser checks them). */
    private static int next = 100;

    private static Ins ins(String prefix7, LocalDate birth) {
        String number = prefix7.charAt(0) + String.format("%02d%02d", birth.getYear() % 100, birth.getMonthValue())
                + "75" + String.format("%06d", next++);
        return new Ins(number + String.format("%02d", Ins.key(number)));
    }

    private static Ins registered(LocalDate birth) throws Exception {
        Ins ins = ins("2", birth);
        await(f.store.records().register("admin-1", ins, new PersonRegistration(birth, "Anne", "Martin", "F",
                Optional.of(InvitationFixture.newPhone()), Optional.empty(), RecordState.ACTIVE)));
        return ins;
    }
}
