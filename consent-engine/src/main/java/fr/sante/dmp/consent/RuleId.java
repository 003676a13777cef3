package fr.sante.dmp.consent;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules the engine knows, by their stable id in the policy file ({@code policy/consent-policy.yaml}) and the
 * effect the engine gives them. The policy supplies each rule's reasons in French and English; a policy that omits a
 * rule, names an unknown one or gives it another effect is rejected at load. {@link Decision#ruleId()} is always one of
 * these ids, so callers may compare it with {@link #id()} (e.g. to flag emergency access in the audit).
 */
public enum RuleId {
    /** Insurers and mutual funds never get access, even with consent (L1111-18). */
    FORBIDDEN_CATEGORY("forbidden-category", false),
    /** A deposit-only category (the insurer's care-history feed) reads nothing. */
    DEPOSIT_ONLY_CATEGORY("deposit-only-category", false),
    /** Occupational physicians only with the patient's express consent (L1111-17 IV). */
    OCCUPATIONAL_HEALTH_WITHOUT_CONSENT("occupational-health-without-consent", false),
    /** OPPOSED or PURGED: the content is gone (key destroyed); nobody reads anything. */
    RECORD_ERASED("record-erased", false),
    /** The record is not open (INVITED or CLOSED): professionals get nothing, deposits are refused. */
    RECORD_NOT_ACTIVE("record-not-active", false),
    /** The patient blocked this professional: nothing, even in an emergency. */
    BLOCKED_PROFESSIONAL("blocked-professional", false),
    /** The patient opposed emergency access beforehand (L1111-17 I). */
    BREAK_GLASS_OPPOSED("break-glass-opposed", false),
    /** Emergency access without a stated reason of at least the configured length. */
    BREAK_GLASS_REASON_REQUIRED("break-glass-reason-required", false),
    /** Emergency access granted (L1111-17 I, patient informed afterwards R1111-48). */
    BREAK_GLASS("break-glass", true),
    /** The profession x document-class matrix does not let this profession read this class (arrêté 26/10/2023). */
    PROFESSION_MATRIX("profession-matrix", false),
    /** The profession x document-class matrix does not let this profession deposit this class. */
    DEPOSIT_MATRIX("deposit-matrix", false),
    /** The patient masked the document from professionals. */
    MASKED_DOCUMENT("masked-document", false),
    /** Withheld from the patient until an announcement consultation, at most one month (R1111-53). */
    WITHHELD_FROM_PATIENT("withheld-from-patient", false),
    /** The patient reads their own record. */
    PATIENT_OWN_RECORD("patient-own-record", true),
    /** The patient may only add the document classes the policy lists for patients. */
    PATIENT_DEPOSIT_CLASS("patient-deposit-class", false),
    /** The treating doctor sees masked documents. */
    TREATING_DOCTOR("treating-doctor", true),
    /** The author always sees the documents they deposited (R1111-49). */
    DOCUMENT_AUTHOR("document-author", true),
    /** Advance directives are readable by every professional allowed on the record (matrix permitting). */
    ADVANCE_DIRECTIVES("advance-directives", true),
    /**
     * No care relationship: a professional reads or writes a record only as the treating doctor, under a live care
     * context (presence, the patient's care code or grant, a declaration where the policy allows it), with the
     * patient's express consent (occupational physicians), or in an emergency.
     */
    CARE_RELATIONSHIP_REQUIRED("care-relationship-required", false),
    /** Ordinary access of a professional of the care team, within the matrix. */
    CARE_TEAM("care-team", true),
    /** Deposit by a professional of the care team, within the deposit matrix. */
    CARE_TEAM_DEPOSIT("care-team-deposit", true),

    // ---- insurer-fed care history (see CareHistoryRules) ----

    /** Only the insurer's feed (category {@code insurer-feed}) writes care-history lines. */
    CARE_HISTORY_FEEDER_ONLY("care-history-feeder-only", false),
    /** The insurer's feed adds lines to an ACTIVE or INVITED record. */
    CARE_HISTORY_FEED("care-history-feed", true),
    /** The treating doctor sees the care history, quarantined or not. */
    CARE_HISTORY_TREATING_DOCTOR("care-history-treating-doctor", true),
    /** By default (quarantine) only the patient and the treating doctor see the care history. */
    CARE_HISTORY_QUARANTINE("care-history-quarantine", false),
    /** The patient opened the care history to every professional allowed on the record. */
    CARE_HISTORY_OPENED("care-history-opened", true),
    /** A minor's legal representative reads the minor's care history (confidential acts excepted). */
    CARE_HISTORY_LEGAL_REPRESENTATIVE("care-history-legal-representative", true),
    /** Lines older than the rolling window (24 months) are invisible to everyone. */
    CARE_HISTORY_OUTSIDE_WINDOW("care-history-outside-window", false),
    /** The patient hid this line from professionals. */
    CARE_HISTORY_LINE_HIDDEN("care-history-line-hidden", false),
    /** A line the insurer flagged sensitive reaches only the patient unless the patient shows it. */
    CARE_HISTORY_SENSITIVE("care-history-sensitive", false),
    /** A minor's confidential act never shows to the legal representatives (L1111-5, R1111-33). */
    CARE_HISTORY_MINOR_CONFIDENTIAL("care-history-minor-confidential", false),

    // ---- representatives (see ConsentEngine#decideRepresentation) ----

    /** The representation link is in force: the representative acts in the person's space. */
    REPRESENTATION_IN_FORCE("representation-in-force", true),
    /** The link's first day has not come. */
    REPRESENTATION_NOT_STARTED("representation-not-started", false),
    /** The link ended (its last day passed, or an operator ended it): in force from the very next request. */
    REPRESENTATION_ENDED("representation-ended", false),
    /** Parental authority ends at the person's majority, whatever the link's end says. */
    REPRESENTATION_MAJORITY("representation-majority", false),
    /** A minor's secret care (L1111-5): a document or line never shown, listed, counted or alerted to representatives. */
    CONFIDENTIAL_FROM_REPRESENTATIVES("confidential-from-representatives", false),
    /** What only the person does: writing directives, hiding a document from their representatives. */
    REPRESENTATIVE_NOT_ALLOWED("representative-not-allowed", false),
    /** A minor writes no advance directives (R1111-17: an adult's). */
    DIRECTIVES_MINOR("directives-minor", false),
    /** An adult under guardianship writes directives only with the judge's or family council's authorisation (L1111-11). */
    DIRECTIVES_AUTHORISATION_REQUIRED("directives-authorisation-required", false),
    /** Under the policy's own-access age, a minor's space is used by their representatives only. */
    OWN_ACCESS_AGE("own-access-age", false),

    // ---- the store's own outcomes: decided before or instead of the engine, never returned by it ----

    /** No record for this person (never told apart from an erased one to a professional). */
    RECORD_NOT_FOUND("record-not-found", false),
    /** No such document. */
    DOCUMENT_NOT_FOUND("document-not-found", false),
    /** No such care-history line. */
    CARE_HISTORY_LINE_NOT_FOUND("care-history-line-not-found", false),
    /** The consent inputs could not be read or decided: denied (fail closed). */
    CONSENT_UNAVAILABLE("consent-unavailable", false),
    /** A patient asked about a record that is not theirs. */
    PATIENT_OWN_RECORD_ONLY("patient-own-record-only", false),
    /** Only a withheld document's author or the patient's treating doctor releases it (R1111-53). */
    RELEASE_NOT_ALLOWED("release-not-allowed", false),
    /** A care context opened: by presence, the patient's care code or grant, or a declaration the policy allows. */
    CARE_CONTEXT_OPENED("care-context-opened", true),
    /** The proof offered to open a care context was refused (wrong or expired code, invalid card assertion). */
    CARE_PROOF_REFUSED("care-proof-refused", false),
    /** A declared care context where the policy does not accept declarations ({@code careContext.declared}). */
    CARE_CONTEXT_DECLARATION_OFF("care-context-declaration-off", false),
    /** The professional reached the distinct patients of the day: a read by document id refused before its content. */
    PATIENT_QUOTA_EXCEEDED("patient-quota-exceeded", false);

    private static final Map<String, RuleId> BY_ID =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(RuleId::id, Function.identity()));

    private final String id;
    private final boolean allows;

    RuleId(String id, boolean allows) {
        this.id = id;
        this.allows = allows;
    }

    /** The stable kebab-case id used in the policy file and in {@link Decision#ruleId()}. */
    public String id() {
        return id;
    }

    /** Whether a decision by this rule allows access ({@code effect: allow} in the policy). */
    public boolean allows() {
        return allows;
    }

    /** The rule for an id, if the engine knows it. */
    public static Optional<RuleId> fromId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }
}
