package fr.sante.dmp.gateway.fhir;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;

/**
 * The identifier systems of the French FHIR core profiles: the INS-NIR for persons, the national identifier of health
 * professionals (IDNPS: "8" followed by the RPPS number) for authors. A bad value is a 400 naming the parameter and
 * never repeating the value.
 */
final class Identifiers {
    /** INS-NIR, the national health identifier (NIR used as INS). */
    static final String INS_NIR = "urn:oid:1.2.250.1.213.1.4.8";
    /** IDNPS: national identifier of health professionals (FR Core Practitioner). */
    static final String IDNPS = "urn:oid:1.2.250.1.71.4.2.1";
    /** FR Core's identifier type code system and the INS-NIR type code. */
    static final String FR_CORE_ID_TYPE = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203";

    private Identifiers() {
    }

    /** A token {@code [system]|value} or a bare value naming a person by INS-NIR. */
    static Ins insToken(String parameter, String token) {
        String system = null;
        String value = token;
        int bar = token.indexOf('|');
        if (bar >= 0) {
            system = token.substring(0, bar);
            value = token.substring(bar + 1);
        }
        if (system != null && !system.isEmpty() && !system.equals(INS_NIR)) {
            throw invalid(parameter, "the only patient identifier system is the INS-NIR (" + INS_NIR + ")");
        }
        return ins(parameter, value);
    }

    /** A reference to a patient: {@code Patient/<INS>}, a URL ending so, or the bare INS (the Patient's id). */
    static Ins patientReference(String parameter, String reference) {
        String r = reference;
        int at = r.lastIndexOf("Patient/");
        if (at >= 0) {
            r = r.substring(at + "Patient/".length());
        }
        int history = r.indexOf("/_history");
        if (history >= 0) {
            r = r.substring(0, history);
        }
        return ins(parameter, r);
    }

    static Ins ins(String parameter, String value) {
        try {
            return Ins.parse(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(parameter, "is not a valid INS (15 digits with their key)");
        }
    }

    /** A token {@code [system]|value} naming a professional: the IDNPS ("8" + RPPS) or the 11-digit RPPS. */
    static Rpps professionalToken(String parameter, String token) {
        String system = null;
        String value = token;
        int bar = token.indexOf('|');
        if (bar >= 0) {
            system = token.substring(0, bar);
            value = token.substring(bar + 1);
        }
        if (system != null && !system.isEmpty() && !system.equals(IDNPS)) {
            throw invalid(parameter, "the professional identifier system is the IDNPS (" + IDNPS + ")");
        }
        String rpps = value.length() == 12 && value.startsWith("8") ? value.substring(1) : value;
        try {
            return Rpps.parse(rpps);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(parameter, "is not a valid IDNPS (8 followed by the 11-digit RPPS)");
        }
    }

    static String idnps(String rpps) {
        return "8" + rpps;
    }

    static ProblemException invalid(String parameter, String detail) {
        return new ProblemException(Problem.field(ProblemType.INVALID_FIELD, parameter, detail));
    }
}
