package fr.sante.dmp.gateway.fhir;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.record.PatientFound;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/**
 * ITI-78 (PDQm): a person by INS-NIR, only when the door lets this professional see the record. An unknown, opposed or
 * purged person is an empty searchset (a read: 404), alike; a refusal is a 403 OperationOutcome carrying the rule.
 */
final class PatientHandlers {
    static final List<String> SUPPORTED = List.of("identifier");
    /** Parameters about the answer, never refused. */
    private static final Set<String> RESULT = Set.of("_format", "_pretty");

    private final Fhir fhir;
    private final RecordService records;

    PatientHandlers(Fhir fhir, RecordService records) {
        this.fhir = fhir;
        this.records = records;
    }

    /** The INS the request names (for the distinct-patient quota), or null. */
    static String insOf(RoutingContext rc) {
        try {
            String id = rc.pathParam("id");
            if (id != null) {
                return Identifiers.ins("id", id).value();
            }
            String identifier = rc.queryParams().get("identifier");
            return identifier == null ? null : Identifiers.insToken("identifier", identifier).value();
        } catch (RuntimeException e) {
            return null;
        }
    }

    void search(RoutingContext rc) {
        MultiMap params = rc.queryParams();
        boolean strict = DocumentHandlers.strict(rc);
        for (String name : params.names()) {
            if (!SUPPORTED.contains(name) && !RESULT.contains(name) && strict) {
                throw Identifiers.invalid(name, "this search parameter is not supported (handling=strict); "
                        + "supported: identifier");
            }
        }
        List<String> identifiers = params.getAll("identifier");
        if (identifiers.isEmpty()) {
            throw Identifiers.invalid("identifier", "a search names its person: identifier=" + Identifiers.INS_NIR
                    + "|<INS>");
        }
        if (identifiers.size() > 1 || identifiers.get(0).contains(",")) {
            throw Identifiers.invalid("identifier", "a search names exactly one person");
        }
        Ins ins = Identifiers.insToken("identifier", identifiers.get(0));
        String base = DocumentHandlers.base(rc);
        find(rc, ins).onSuccess(found -> {
            Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
            bundle.getMeta().setLastUpdated(new Date());
            bundle.setTotal(found.isPresent() ? 1 : 0);
            bundle.addLink().setRelation("self").setUrl(base + "/Patient?identifier="
                    + URLEncoder.encode(Identifiers.INS_NIR + "|" + ins.value(), StandardCharsets.UTF_8));
            found.ifPresent(p -> bundle.addEntry().setFullUrl(base + "/Patient/" + ins.value())
                    .setResource(patient(p)).getSearch().setMode(Bundle.SearchEntryMode.MATCH));
            fhir.send(rc, 200, bundle, 0);
        }).onFailure(rc::fail);
    }

    void read(RoutingContext rc) {
        Ins ins;
        try {
            ins = Identifiers.ins("id", rc.pathParam("id"));
        } catch (RuntimeException e) {
            throw new ProblemException(Problem.of(ProblemType.NOT_FOUND, "patient not found"));
        }
        records.findPatient(DocumentHandlers.professional(rc), ins)
                .onSuccess(p -> fhir.send(rc, 200, patient(p), 0))
                .onFailure(rc::fail);
    }

    /** Not found (unknown, opposed, purged) is an empty result; any other failure stays one. */
    private Future<Optional<PatientFound>> find(RoutingContext rc, Ins ins) {
        return records.findPatient(DocumentHandlers.professional(rc), ins).map(Optional::of)
                .recover(e -> e instanceof RecordException.NotFound ? Future.succeededFuture(Optional.empty())
                        : Future.failedFuture(e));
    }

    static Patient patient(PatientFound p) {
        Patient patient = new Patient();
        patient.setId(p.ins().value());
        Identifier id = patient.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL)
                .setSystem(Identifiers.INS_NIR).setValue(p.ins().value());
        id.getType().addCoding().setSystem(Identifiers.FR_CORE_ID_TYPE).setCode("INS-NIR");
        patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(p.familyName())
                .addGiven(p.givenName());
        patient.setGender(gender(p.sex()));
        patient.setBirthDateElement(new DateType(p.birthDate().toString()));
        return patient;
    }

    private static AdministrativeGender gender(String sex) {
        return switch (sex == null ? "" : sex.trim().toUpperCase(Locale.ROOT)) {
            case "F" -> AdministrativeGender.FEMALE;
            case "M" -> AdministrativeGender.MALE;
            case "" -> AdministrativeGender.UNKNOWN;
            default -> AdministrativeGender.OTHER;
        };
    }
}
