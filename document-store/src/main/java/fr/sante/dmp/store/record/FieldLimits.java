package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.Text;
import java.util.List;

/**
 * The one source of the limits of what a person's registration and a deposited document may hold: the store enforces
 * them ({@link Validation}, whoever calls: the professional API, the FHIR face, the patient space, the cohort import),
 * and the OpenAPI contract states the same values to clients (the gateway's {@code ContractLimitsTest} reads the
 * contract and holds each of its limits equal to these).
 */
public final class FieldLimits {
    /** Given and family names, in characters. */
    public static final int NAME_MAX = 100;
    /** Administrative sex as the INS referential records it: male, female, unknown. */
    public static final List<String> SEXES = List.of("M", "F", "U");
    /** A registration creates an invited record, or an active one (a record migrated with its consent). */
    public static final List<RecordState> INITIAL_STATES = List.of(RecordState.INVITED, RecordState.ACTIVE);
    /** E.164: {@code +}, a country code not starting with 0, at most 15 digits in all. */
    public static final String PHONE_PATTERN = Text.E164_PATTERN;
    /** An e-mail address, in characters (RFC 5321's path limit less its angle brackets). */
    public static final int EMAIL_MAX = Text.EMAIL_MAX;
    /** A document's title, in characters. */
    public static final int TITLE_MAX = 500;
    /**
     * A media type as RFC 6838 names them ({@code type/subtype}, each a restricted name), without parameters: the
     * contract always refused {@code ;charset=...} and the like, which the store took from the other paths.
     */
    public static final String CONTENT_TYPE_PATTERN =
            "^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$";
    /** The shortest media type ({@code a/b}) and the longest the store keeps. */
    public static final int CONTENT_TYPE_MIN = 3;
    public static final int CONTENT_TYPE_MAX = 127;
    /** A document's content, in bytes (decoded). */
    public static final int CONTENT_MAX_BYTES = 20 * 1024 * 1024;

    private FieldLimits() {
    }
}
