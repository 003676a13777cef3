package fr.sante.dmp.consent;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Classes of documents by their LOINC type code, as carried by shared-record document metadata. */
public enum DocumentClass {
    CONSULTATION_NOTE("11488-4"),
    HISTORY_AND_PHYSICAL("34117-2"),
    DISCHARGE_SUMMARY("18842-5"),
    SURGICAL_OPERATION_NOTE("11504-8"),
    LABORATORY_REPORT("11502-2"),
    PATHOLOGY_REPORT("11526-1"),
    IMAGING_REPORT("18748-4"),
    PRESCRIPTION("57833-6"),
    IMMUNIZATION_HISTORY("11369-6"),
    PATIENT_SUMMARY("60591-5"),
    EPISODE_SUMMARY("34133-9"),
    ADVANCE_DIRECTIVES("42348-3"),
    /**
     * The medical profile the patient enters themself (blood group, allergies, emergency contacts): LOINC "Patient
     * Note" (document ontology, author = patient). Only the patient deposits it; to check against the national
     * value set of document types before production.
     */
    MEDICAL_PROFILE("51855-5"),
    /**
     * A document the patient adds themself (a PDF, a scan or a photo of a paper report): LOINC "Note" (document
     * ontology), author = the patient, who may delete it again. Only the patient deposits it; which professions read
     * it is the policy's matrix. To check against the national value set of document types before production.
     */
    PATIENT_DOCUMENT("34109-9");

    private static final Map<String, DocumentClass> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(DocumentClass::loinc, Function.identity()));

    private final String loinc;

    DocumentClass(String loinc) {
        this.loinc = loinc;
    }

    public String loinc() {
        return loinc;
    }

    /** The class for a LOINC code, or {@link InvalidIdentifierException} naming {@code classCode}. */
    public static DocumentClass fromLoinc(String code) {
        DocumentClass c = code == null ? null : BY_CODE.get(code.trim());
        if (c == null) {
            throw new InvalidIdentifierException("classCode", "unknown document class code");
        }
        return c;
    }
}
