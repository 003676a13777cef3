package fr.sante.dmp.consent;

import static fr.sante.dmp.consent.Fixtures.AUTHOR;
import static fr.sante.dmp.consent.Fixtures.DOCTOR;
import static fr.sante.dmp.consent.Fixtures.ENGINE;
import static fr.sante.dmp.consent.Fixtures.consent;
import static fr.sante.dmp.consent.Fixtures.doc;
import static fr.sante.dmp.consent.Fixtures.patient;
import static fr.sante.dmp.consent.Fixtures.physician;
import static fr.sante.dmp.consent.Fixtures.pro;
import static fr.sante.dmp.consent.Fixtures.request;
import static fr.sante.dmp.consent.Fixtures.withCategory;
import static fr.sante.dmp.consent.RuleTable.ALLOWED;
import static fr.sante.dmp.consent.RuleTable.DENIED;
import static fr.sante.dmp.consent.RuleTable.row;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Record-level rules: categories, record state, blocking, care team, the patient's own access. */
class RecordRulesTest {

    static Stream<Arguments> forbiddenCategory() {
        return Stream.of(
                row("insurer denied", request(withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.INSURER)),
                        DENIED, RuleId.FORBIDDEN_CATEGORY),
                row("mutual fund denied even with express consent",
                        request(withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.MUTUAL_FUND))
                                .consent(consent().expressConsentTo(DOCTOR).treatingDoctor(DOCTOR)),
                        DENIED, RuleId.FORBIDDEN_CATEGORY),
                row("insurer denied in an emergency",
                        request(withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.INSURER))
                                .breakGlass("patient unconscious in ER"),
                        DENIED, RuleId.FORBIDDEN_CATEGORY),
                row("insurer cannot deposit",
                        request(withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.INSURER))
                                .action(Action.DEPOSIT),
                        DENIED, RuleId.FORBIDDEN_CATEGORY),
                row("ordinary physician allowed", request(physician(DOCTOR)), ALLOWED, RuleId.CARE_TEAM));
    }

    static Stream<Arguments> depositOnlyCategory() {
        Actor feed = withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.INSURER_FEED);
        return Stream.of(
                row("insurer feed lists nothing", request(feed).action(Action.LIST_DOCUMENTS), DENIED,
                        RuleId.DEPOSIT_ONLY_CATEGORY),
                row("insurer feed reads no directives", request(feed).action(Action.READ_DIRECTIVES), DENIED,
                        RuleId.DEPOSIT_ONLY_CATEGORY),
                row("insurer feed may deposit", request(feed).action(Action.DEPOSIT), ALLOWED,
                        RuleId.CARE_TEAM_DEPOSIT));
    }

    static Stream<Arguments> occupationalHealth() {
        Actor occ = withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.OCCUPATIONAL_HEALTH);
        return Stream.of(
                row("occupational physician without consent denied", request(occ), DENIED,
                        RuleId.OCCUPATIONAL_HEALTH_WITHOUT_CONSENT),
                row("consent to another physician does not count",
                        request(occ).consent(consent().expressConsentTo(AUTHOR)), DENIED,
                        RuleId.OCCUPATIONAL_HEALTH_WITHOUT_CONSENT),
                row("occupational physician without consent denied in an emergency",
                        request(occ).breakGlass("fainted at the workplace"), DENIED,
                        RuleId.OCCUPATIONAL_HEALTH_WITHOUT_CONSENT),
                row("occupational physician with express consent allowed",
                        request(occ).consent(consent().expressConsentTo(DOCTOR)), ALLOWED, RuleId.CARE_TEAM));
    }

    static Stream<Arguments> recordState() {
        return Stream.of(
                row("professional denied on an INVITED record", request(physician(DOCTOR)).state(RecordState.INVITED),
                        DENIED, RuleId.RECORD_NOT_ACTIVE),
                row("professional denied on a CLOSED record", request(physician(DOCTOR)).state(RecordState.CLOSED),
                        DENIED, RuleId.RECORD_NOT_ACTIVE),
                row("no deposit on a CLOSED record",
                        request(physician(DOCTOR)).state(RecordState.CLOSED).action(Action.DEPOSIT),
                        DENIED, RuleId.RECORD_NOT_ACTIVE),
                row("no emergency access on a CLOSED record",
                        request(physician(DOCTOR)).state(RecordState.CLOSED).breakGlass("cardiac arrest in street"),
                        DENIED, RuleId.RECORD_NOT_ACTIVE),
                row("professional denied on an OPPOSED record", request(physician(DOCTOR)).state(RecordState.OPPOSED),
                        DENIED, RuleId.RECORD_ERASED),
                row("professional denied on a PURGED record", request(physician(DOCTOR)).state(RecordState.PURGED),
                        DENIED, RuleId.RECORD_ERASED),
                row("patient denied on an OPPOSED record", request(patient()).state(RecordState.OPPOSED),
                        DENIED, RuleId.RECORD_ERASED),
                row("patient denied on a PURGED record", request(patient()).state(RecordState.PURGED)
                        .action(Action.READ_DIRECTIVES), DENIED, RuleId.RECORD_ERASED),
                row("patient cannot deposit on an INVITED record",
                        request(patient()).state(RecordState.INVITED).action(Action.DEPOSIT),
                        DENIED, RuleId.RECORD_NOT_ACTIVE),
                row("professional allowed on an ACTIVE record", request(physician(DOCTOR)), ALLOWED,
                        RuleId.CARE_TEAM));
    }

    static Stream<Arguments> blockedProfessional() {
        Fixtures.Consent blocked = consent().blocking(DOCTOR);
        return Stream.of(
                row("blocked professional denied", request(physician(DOCTOR)).consent(blocked), DENIED,
                        RuleId.BLOCKED_PROFESSIONAL),
                row("blocked professional sees nothing even in emergency",
                        request(physician(DOCTOR)).consent(blocked).breakGlass("unconscious, allergy check"),
                        DENIED, RuleId.BLOCKED_PROFESSIONAL),
                row("blocked treating doctor denied",
                        request(physician(DOCTOR)).consent(consent().blocking(DOCTOR).treatingDoctor(DOCTOR)),
                        DENIED, RuleId.BLOCKED_PROFESSIONAL),
                row("blocked professional cannot deposit",
                        request(physician(DOCTOR)).consent(blocked).action(Action.DEPOSIT),
                        DENIED, RuleId.BLOCKED_PROFESSIONAL),
                row("another professional is not affected", request(physician(AUTHOR)).consent(blocked), ALLOWED,
                        RuleId.CARE_TEAM));
    }

    static Stream<Arguments> patientOwnRecord() {
        return Stream.of(
                row("patient reads own ACTIVE record", request(patient()), ALLOWED, RuleId.PATIENT_OWN_RECORD),
                row("patient lists own INVITED record", request(patient()).state(RecordState.INVITED)
                        .action(Action.LIST_DOCUMENTS), ALLOWED, RuleId.PATIENT_OWN_RECORD),
                row("patient reads own CLOSED (archived) record", request(patient()).state(RecordState.CLOSED),
                        ALLOWED, RuleId.PATIENT_OWN_RECORD),
                row("patient reads own directives", request(patient()).action(Action.READ_DIRECTIVES), ALLOWED,
                        RuleId.PATIENT_OWN_RECORD),
                row("patient's emergency purpose is irrelevant", request(patient()).breakGlass(null), ALLOWED,
                        RuleId.PATIENT_OWN_RECORD));
    }

    static Stream<Arguments> careTeamAndDirectives() {
        return Stream.of(
                row("nurse of the care team", request(pro(DOCTOR, Profession.NURSE)).action(Action.LIST_DOCUMENTS),
                        ALLOWED, RuleId.CARE_TEAM),
                row("pharmacist reads directives", request(pro(DOCTOR, Profession.PHARMACIST))
                        .action(Action.READ_DIRECTIVES), ALLOWED, RuleId.ADVANCE_DIRECTIVES),
                row("dentist does not read directives", request(pro(DOCTOR, Profession.DENTIST))
                        .action(Action.READ_DIRECTIVES), DENIED, RuleId.PROFESSION_MATRIX),
                row("SAMU regulator reads directives under emergency access",
                        request(withCategory(DOCTOR, Profession.PHYSICIAN, ActorCategory.SAMU_REGULATION))
                                .action(Action.READ_DIRECTIVES).breakGlass("call 15: cardiac arrest"),
                        ALLOWED, RuleId.BREAK_GLASS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"forbiddenCategory", "depositOnlyCategory", "occupationalHealth", "recordState",
        "blockedProfessional", "patientOwnRecord", "careTeamAndDirectives"})
    void recordLevelRule(String name, AccessRequest request, DocumentFacts ignored, boolean allowed, RuleId rule) {
        RuleTable.check(ENGINE.decide(request), allowed, rule);
        // The document-level decision never overturns a record-level denial.
        if (!allowed && request.action() != Action.DEPOSIT) {
            RuleTable.check(ENGINE.decide(request, doc(DocumentClass.CONSULTATION_NOTE).by(DOCTOR).build()),
                    allowed, rule);
        }
    }
}
