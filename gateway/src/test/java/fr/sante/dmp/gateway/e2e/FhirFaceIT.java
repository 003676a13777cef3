package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import fr.sante.dmp.dev.DevIssuer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The FHIR face driven as practice software drives it, through HAPI FHIR's generic client: open a care context, find
 * the patient (ITI-78), provide documents (ITI-65), search and page (ITI-67), read and retrieve (ITI-68), replace, and
 * the errors. Every resource the server returns is validated against FHIR R4 core with no error.
 */
@ExtendWith(PlatformExtension.class)
class FhirFaceIT {
    static final String INS_NIR = "urn:oid:1.2.250.1.213.1.4.8";
    static final String IDNPS = "urn:oid:1.2.250.1.71.4.2.1";
    static final String LOINC = "http://loinc.org";
    static final String SOURCE_ID = "https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-sourceId";
    /** The practice software's source id (an OID of ITU's example arc). */
    static final String PRACTICE_SOURCE = "urn:oid:2.999.7.1";
    static final String PRESCRIPTION = "57833-6";
    private static Dmp dmp;

    @BeforeAll
    static void platform(Dmp platform) {
        dmp = platform;
        FhirConformance.CONTEXT.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    }

    static String base() {
        return "http://127.0.0.1:" + dmp.platform.httpPort() + "/fhir/r4";
    }

    static IGenericClient client(String token) {
        IGenericClient client = FhirConformance.CONTEXT.newRestfulGenericClient(base());
        if (token != null) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        }
        return client;
    }

    /** A practice's physician with a live care context on a new active patient, opened by a presence assertion. */
    record Practice(String ins, String rpps, String token, IGenericClient client) {
    }

    static Practice practice() {
        String ins = dmp.activePatient();
        String rpps = Identities.rpps();
        String token = dmp.physician(rpps);
        openCareContext(ins, rpps, token);
        return new Practice(ins, rpps, token, client(token));
    }

    static void openCareContext(String ins, String rpps, String token) {
        String assertion = dmp.issuer().issue(DevIssuer.PRESENCE_ISSUER_ID, "card-reader-" + rpps,
                List.of(DevIssuer.PRESENCE_AUDIENCE), Map.of("ins", ins, "rpps", rpps), 300);
        HttpResponse<Buffer> r = dmp.send(HttpMethod.POST, "/api/v1/patients/" + ins + "/care-contexts", token,
                new JsonObject().put("proof", new JsonObject().put("type", "presence").put("assertion", assertion)));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    }

    /** An ITI-65 bundle: the SubmissionSet List, and per document a DocumentReference and its Binary. */
    static Bundle provideBundle(String ins, String... titles) {
        return provideBundleOf(ins, Dmp.CONSULTATION_NOTE, titles);
    }

    static Bundle provideBundleOf(String ins, String loinc, String... titles) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        ListResource list = new ListResource().setStatus(ListResource.ListStatus.CURRENT)
                .setMode(ListResource.ListMode.WORKING);
        list.getCode().addCoding().setSystem("https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes")
                .setCode("submissionset");
        list.setSubject(new Reference().setIdentifier(new Identifier().setSystem(INS_NIR).setValue(ins)));
        list.addExtension(SOURCE_ID, new Identifier().setValue(PRACTICE_SOURCE));
        bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(list)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("List");
        for (String title : titles) {
            String binaryUrl = "urn:uuid:" + java.util.UUID.randomUUID();
            String docUrl = "urn:uuid:" + java.util.UUID.randomUUID();
            DocumentReference d = new DocumentReference().setStatus(DocumentReferenceStatus.CURRENT);
            d.getType().addCoding().setSystem(LOINC).setCode(loinc);
            d.setSubject(new Reference().setIdentifier(new Identifier().setSystem(INS_NIR).setValue(ins)));
            d.setDescription(title);
            d.addContent().getAttachment().setContentType("text/plain").setUrl(binaryUrl);
            list.addEntry().setItem(new Reference(docUrl));
            bundle.addEntry().setFullUrl(docUrl).setResource(d).getRequest().setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("DocumentReference");
            Binary b = new Binary().setContentType("text/plain");
            b.setData(("content of " + title).getBytes(StandardCharsets.UTF_8));
            bundle.addEntry().setFullUrl(binaryUrl).setResource(b).getRequest().setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("Binary");
        }
        return bundle;
    }

    static List<String> provided(Practice p, String... titles) {
        Bundle response = p.client().transaction().withBundle(provideBundle(p.ins(), titles)).execute();
        FhirConformance.assertValid(response);
        List<String> ids = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : response.getEntry()) {
            assertThat(e.getResponse().getStatus()).startsWith("201");
            String location = e.getResponse().getLocation();
            if (location != null && location.startsWith("DocumentReference/")) {
                ids.add(location.substring("DocumentReference/".length()));
            }
        }
        assertThat(ids).hasSize(titles.length);
        return ids;
    }

    static Bundle search(Practice p, String... extra) {
        StringBuilder url = new StringBuilder("DocumentReference?patient.identifier=" + INS_NIR + "%7C" + p.ins());
        for (String e : extra) {
            url.append('&').append(e);
        }
        Bundle bundle = p.client().search().byUrl(url.toString()).returnBundle(Bundle.class).execute();
        FhirConformance.assertValid(bundle);
        return bundle;
    }

    static List<String> titles(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> ((DocumentReference) e.getResource()).getDescription()).toList();
    }

    @Test
    void metadataSaysWhatIsSupportedInJsonAndXml() {
        CapabilityStatement cs = client(null).capabilities().ofType(CapabilityStatement.class).execute();
        FhirConformance.assertValid(cs);
        assertThat(cs.getRestFirstRep().getResource()).extracting(r -> r.getType())
                .containsExactly("DocumentReference", "Binary", "List", "Patient");
        assertThat(cs.getRestFirstRep().getResource()).filteredOn(r -> r.getType().equals("List")).singleElement()
                .satisfies(r -> assertThat(r.getSupportedProfile()).extracting(p -> p.getValue())
                        .containsExactly(FhirConformance.MHD_SUBMISSION_SET));
        HttpResponse<Buffer> xml = dmp.get("/fhir/r4/metadata?_format=xml", null);
        assertThat(xml.getHeader("Content-Type")).startsWith("application/fhir+xml");
        FhirConformance.assertValid(xml.bodyAsString());
        HttpResponse<Buffer> accept = Dmp.await(dmp.request(HttpMethod.GET, "/fhir/r4/metadata", null)
                .putHeader("Accept", "application/fhir+xml").send());
        assertThat(accept.bodyAsString()).startsWith("<CapabilityStatement");
    }

    @Test
    void smartConfigurationPointsAtTheIssuer() {
        for (String path : List.of("/.well-known/smart-configuration", "/fhir/r4/.well-known/smart-configuration")) {
            HttpResponse<Buffer> r = dmp.get(path, null);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonObject json = r.bodyAsJsonObject();
            assertThat(json.getString("issuer")).isEqualTo(dmp.platform.issuerUrl());
            assertThat(json.getString("token_endpoint")).startsWith(dmp.platform.issuerUrl());
        }
    }

    @Test
    void aPracticeFindsThePatientProvidesSearchesPagesAndRetrieves() {
        Practice p = practice();
        Bundle found = p.client().search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(INS_NIR, p.ins()))
                .returnBundle(Bundle.class).execute();
        FhirConformance.assertValid(found);
        assertThat(found.getEntry()).hasSize(1);
        Patient patient = (Patient) found.getEntryFirstRep().getResource();
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(p.ins());
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Martin");

        provided(p, "first");
        provided(p, "second", "third");
        provided(p, "fourth", "fifth");

        Bundle page = search(p, "_count=2");
        List<String> seen = new ArrayList<>(titles(page));
        int pages = 1;
        while (page.getLink(Bundle.LINK_NEXT) != null) {
            page = p.client().loadPage().next(page).execute();
            FhirConformance.assertValid(page);
            seen.addAll(titles(page));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
        assertThat(seen.get(0)).isIn("fourth", "fifth");
        assertThat(seen.get(4)).isEqualTo("first");

        DocumentReference first = (DocumentReference) search(p, "_count=10").getEntry().get(4).getResource();
        assertThat(first.getSubject().getIdentifier().getValue()).isEqualTo(p.ins());
        assertThat(first.getAuthorFirstRep().getIdentifier().getSystem()).isEqualTo(IDNPS);
        assertThat(first.getAuthorFirstRep().getIdentifier().getValue()).isEqualTo("8" + p.rpps());
        String url = first.getContentFirstRep().getAttachment().getUrl();
        HttpResponse<Buffer> content = dmp.get(url.substring(url.indexOf("/fhir/r4")), p.token());
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.getHeader("Content-Type")).isEqualTo("text/plain");
        assertThat(content.bodyAsString()).isEqualTo("content of first");

        Binary binary = p.client().read().resource(Binary.class).withUrl(url).encodedJson().execute();
        FhirConformance.assertValid(binary);
        assertThat(new String(binary.getData(), StandardCharsets.UTF_8)).isEqualTo("content of first");

        DocumentReference read = p.client().read().resource(DocumentReference.class).withId(first.getIdPart())
                .execute();
        FhirConformance.assertValid(read);
        assertThat(read.getDescription()).isEqualTo("first");
    }

    /**
     * Security review, item 17, on the FHIR face: ITI-68 hands a document back with its own type, so a deposited
     * HTML page holding a script must stay inert on the API's origin: downloaded as an attachment, never sniffed, and
     * sandboxed with nothing allowed should a browser render it anyway.
     */
    @Test
    void aDepositedScriptComesBackFromBinaryAsAnInertAttachment() {
        Practice p = practice();
        Bundle bundle = provideBundle(p.ins(), "page");
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            if (e.getResource() instanceof DocumentReference d) {
                d.getContentFirstRep().getAttachment().setContentType("text/html");
            } else if (e.getResource() instanceof Binary b) {
                b.setContentType("text/html");
                b.setData("<html><script>fetch('/api/v1/me')</script></html>".getBytes(StandardCharsets.UTF_8));
            }
        }
        Bundle response = p.client().transaction().withBundle(bundle).execute();
        String id = response.getEntry().stream().map(e -> e.getResponse().getLocation())
                .filter(l -> l != null && l.startsWith("DocumentReference/")).findFirst().orElseThrow()
                .substring("DocumentReference/".length());

        HttpResponse<Buffer> content = dmp.get("/fhir/r4/Binary/" + id, p.token());
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.getHeader("Content-Type")).isEqualTo("text/html");
        assertThat(content.getHeader("Content-Disposition")).startsWith("attachment");
        assertThat(content.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(content.getHeader("Content-Security-Policy")).contains("sandbox").contains("default-src 'none'");
    }

    @Test
    void documentsAProfessionMayNotReadAreAbsentAndPagesStayFull() {
        Practice p = practice();
        String prescription = "57833-6";
        for (String[] d : new String[][] {{prescription, "p1"}, {Dmp.CONSULTATION_NOTE, "n1"},
            {Dmp.CONSULTATION_NOTE, "n2"}, {prescription, "p2"}, {Dmp.CONSULTATION_NOTE, "n3"}, {prescription, "p3"}}) {
            p.client().transaction().withBundle(provideBundleOf(p.ins(), d[0], d[1])).execute();
        }
        String rpps = Identities.rpps();
        String token = dmp.professional(rpps, "21", "dmp:read");
        openCareContext(p.ins(), rpps, token);
        Practice pharmacy = new Practice(p.ins(), rpps, token, client(token));
        Bundle first = search(pharmacy, "_count=2");
        assertThat(titles(first)).containsExactly("p3", "p2");
        Bundle second = pharmacy.client().loadPage().next(first).execute();
        FhirConformance.assertValid(second);
        assertThat(titles(second)).containsExactly("p1");
        assertThat(second.getLink(Bundle.LINK_NEXT)).isNull();
        assertThat(titles(search(p, "_count=10"))).containsExactly("p3", "n3", "p2", "n2", "n1", "p1");
    }

    @Test
    void searchFiltersByTypeAuthorDateAndStatusAndSpeaksXml() {
        Practice p = practice();
        provided(p, "a", "b");
        assertThat(search(p, "type=" + LOINC + "%7C" + Dmp.CONSULTATION_NOTE).getEntry()).hasSize(2);
        assertThat(search(p, "type=" + LOINC + "%7C18842-5").getEntry()).isEmpty();
        assertThat(search(p, "category=" + Dmp.CONSULTATION_NOTE).getEntry()).hasSize(2);
        assertThat(search(p, "author.identifier=" + IDNPS + "%7C8" + p.rpps()).getEntry()).hasSize(2);
        assertThat(search(p, "author.identifier=" + IDNPS + "%7C8" + Identities.rpps()).getEntry()).isEmpty();
        assertThat(search(p, "date=ge2020-01-01").getEntry()).hasSize(2);
        assertThat(search(p, "date=lt2020-01-01").getEntry()).isEmpty();
        assertThat(search(p, "_lastUpdated=gt2020-01-01", "status=current").getEntry()).hasSize(2);
        assertThat(search(p, "patient=Patient/" + p.ins()).getEntry()).hasSize(2);
        Bundle xml = p.client().search().byUrl("DocumentReference?patient.identifier=" + INS_NIR + "%7C" + p.ins())
                .encoded(EncodingEnum.XML).returnBundle(Bundle.class).execute();
        FhirConformance.assertValid(xml);
        assertThat(xml.getEntry()).hasSize(2);
    }

    @Test
    void aReplacedDocumentIsSupersededHiddenByDefaultAndReadableById() {
        Practice p = practice();
        String old = provided(p, "version 1").get(0);
        Bundle replacing = provideBundle(p.ins(), "version 2");
        DocumentReference d = (DocumentReference) replacing.getEntry().get(1).getResource();
        d.addRelatesTo().setCode(DocumentReference.DocumentRelationshipType.REPLACES)
                .setTarget(new Reference("DocumentReference/" + old));
        Bundle response = p.client().transaction().withBundle(replacing).execute();
        FhirConformance.assertValid(response);

        assertThat(titles(search(p))).containsExactly("version 2");
        DocumentReference current = (DocumentReference) search(p).getEntryFirstRep().getResource();
        assertThat(current.getRelatesToFirstRep().getTarget().getReference()).isEqualTo("DocumentReference/" + old);
        assertThat(titles(search(p, "status=superseded"))).containsExactly("version 1");
        assertThat(titles(search(p, "status=current,superseded"))).containsExactly("version 2", "version 1");
        DocumentReference superseded = p.client().read().resource(DocumentReference.class).withId(old).execute();
        FhirConformance.assertValid(superseded);
        assertThat(superseded.getStatus()).isEqualTo(DocumentReferenceStatus.SUPERSEDED);

        // Replacing it again: it is no longer current.
        assertThatThrownBy(() -> p.client().transaction().withBundle(replacing).execute())
                .isInstanceOf(BaseServerResponseException.class)
                .satisfies(e -> assertThat(((BaseServerResponseException) e).getStatusCode()).isEqualTo(409));
    }

    @Test
    void aBundleWithOneRefusedEntryStoresNothing() {
        Practice p = practice();
        Bundle bundle = provideBundle(p.ins(), "allowed", "refused");
        // The patient's own medical profile: no professional deposits it (deposit matrix).
        ((DocumentReference) bundle.getEntry().get(3).getResource()).getType().getCodingFirstRep().setCode("51855-5");
        assertThatThrownBy(() -> p.client().transaction().withBundle(bundle).execute())
                .isInstanceOf(ForbiddenOperationException.class)
                .satisfies(e -> {
                    OperationOutcome oo = (OperationOutcome) ((ForbiddenOperationException) e).getOperationOutcome();
                    FhirConformance.assertValid(oo);
                    assertThat(oo.getIssueFirstRep().getDetails().getCoding()).extracting(Coding::getSystem)
                            .contains("https://dmp.sante.fr/fhir/CodeSystem/consent-rule");
                });
        assertThat(search(p).getEntry()).isEmpty();
        assertThat(dmp.submissionSetsOf(p.rpps())).as("the SubmissionSet is not kept either").isZero();
    }

    @Test
    void withoutACareRelationshipTheConsentRuleComesAsACoding() {
        String ins = dmp.activePatient();
        IGenericClient stranger = client(dmp.physician(Identities.rpps()));
        assertThatThrownBy(() -> stranger.search().byUrl("DocumentReference?patient.identifier=" + INS_NIR + "%7C"
                + ins).returnBundle(Bundle.class).execute())
                .isInstanceOf(ForbiddenOperationException.class)
                .satisfies(e -> {
                    OperationOutcome oo = (OperationOutcome) ((ForbiddenOperationException) e).getOperationOutcome();
                    FhirConformance.assertValid(oo);
                    assertThat(oo.getIssueFirstRep().getDetails().getCoding())
                            .anySatisfy(c -> {
                                assertThat(c.getSystem()).isEqualTo("https://dmp.sante.fr/fhir/CodeSystem/consent-rule");
                                assertThat(c.getCode()).isEqualTo("care-relationship-required");
                            });
                });
    }

    /** The door's entries of this professional: action, allowed, rule, in order. */
    static List<String> auditOf(String rpps) {
        return dmp.auditOf(rpps);
    }


    @Test
    void everyCallOfTheFaceIsDecidedAndAuditedByTheDoor() {
        Practice p = practice();
        provided(p, "one", "two");
        Bundle refused = provideBundle(p.ins(), "allowed", "refused");
        ((DocumentReference) refused.getEntry().get(3).getResource()).getType().getCodingFirstRep().setCode("51855-5");
        assertThatThrownBy(() -> p.client().transaction().withBundle(refused).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        Bundle page = search(p, "_count=1");
        p.client().loadPage().next(page).execute();
        p.client().search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(INS_NIR, p.ins()))
                .returnBundle(Bundle.class).execute();
        String id = ((DocumentReference) page.getEntryFirstRep().getResource()).getIdPart();
        p.client().read().resource(DocumentReference.class).withId(id).execute();

        assertThat(auditOf(p.rpps())).containsExactly(
                "OPEN_CARE_CONTEXT true care-context-opened",
                "DEPOSIT true care-team-deposit", "DEPOSIT true care-team-deposit",   // the bundle of two: one each
                "DEPOSIT false deposit-matrix",                      // the refused bundle: its refusal only
                "LIST_DOCUMENTS true care-team", "LIST_DOCUMENTS true care-team",   // two pages
                "FIND_PATIENT true care-team",
                "READ_DOCUMENT true document-author");
    }

    /** Issue 15, MHD ITI-67: Bundle.total on every page, exact, counting only what the door lets the caller see. */
    @Test
    void everyPageCarriesTheExactTotalOfWhatTheCallerMaySee() {
        Practice p = practice();
        for (String[] d : new String[][] {{PRESCRIPTION, "p1"}, {Dmp.CONSULTATION_NOTE, "n1"},
            {Dmp.CONSULTATION_NOTE, "n2"}, {PRESCRIPTION, "p2"}, {Dmp.CONSULTATION_NOTE, "n3"}, {PRESCRIPTION, "p3"}}) {
            p.client().transaction().withBundle(provideBundleOf(p.ins(), d[0], d[1])).execute();
        }
        List<Integer> totals = new ArrayList<>();
        Bundle page = search(p, "_count=2");
        totals.add(page.getTotal());
        while (page.getLink(Bundle.LINK_NEXT) != null) {
            page = p.client().loadPage().next(page).execute();
            FhirConformance.assertValid(page);
            totals.add(page.getTotal());
        }
        assertThat(totals).containsExactly(6, 6, 6);
        assertThat(search(p, "_count=2", "type=" + LOINC + "%7C" + PRESCRIPTION).getTotal()).isEqualTo(3);

        // A pharmacist may not read consultation notes: they are not counted, on any page.
        String rpps = Identities.rpps();
        String token = dmp.professional(rpps, "21", "dmp:read");
        openCareContext(p.ins(), rpps, token);
        Practice pharmacy = new Practice(p.ins(), rpps, token, client(token));
        Bundle first = search(pharmacy, "_count=2");
        Bundle second = pharmacy.client().loadPage().next(first).execute();
        FhirConformance.assertValid(second);
        assertThat(List.of(first.getTotal(), second.getTotal())).containsExactly(3, 3);
        // One page that holds every match (counted from the page itself): still only what the pharmacist may see.
        assertThat(search(pharmacy).getTotal()).isEqualTo(3);
        assertThat(search(pharmacy, "type=" + LOINC + "%7C" + Dmp.CONSULTATION_NOTE).getTotal()).isZero();
    }

    /**
     * Issue 15, ITI-67: a document the patient masked is absent from another physician's pages and total exactly as
     * from their JSON list, and still there, labelled restricted, for its author.
     */
    @Test
    void aMaskedDocumentIsAbsentAndUncountedAsOnTheJsonList() {
        TestPatient patient = TestPatient.registered(dmp);
        String authorRpps = Identities.rpps();
        String author = dmp.inCare(dmp.physician(authorRpps), patient.ins());
        String otherRpps = Identities.rpps();
        String other = dmp.inCare(dmp.physician(otherRpps), patient.ins());
        Practice authorsPractice = new Practice(patient.ins(), authorRpps, author, client(author));
        List<String> ids = provided(authorsPractice, "plain", "masked");
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/documents/" + ids.get(1) + "/mask", patient.login(dmp),
                new JsonObject()).statusCode()).isEqualTo(204);

        Bundle seen = search(new Practice(patient.ins(), otherRpps, other, client(other)), "_count=1");
        HttpResponse<Buffer> json = dmp.list(other, patient.ins());
        assertThat(json.statusCode()).isEqualTo(200);
        List<String> listed = json.bodyAsJsonObject().getJsonArray("documents").stream()
                .map(o -> ((JsonObject) o).getString("id")).toList();
        assertThat(listed).containsExactly(ids.get(0));
        assertThat(seen.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactlyElementsOf(listed);
        assertThat(seen.getTotal()).isEqualTo(listed.size());
        assertThat(seen.getLink(Bundle.LINK_NEXT)).isNull();

        Bundle authors = search(authorsPractice);
        assertThat(authors.getTotal()).isEqualTo(2);
        assertThat(authors.getEntry()).extracting(e -> ((DocumentReference) e.getResource()).getSecurityLabelFirstRep()
                .getCodingFirstRep().getCode()).containsExactlyInAnyOrder("R", "N");
    }

    /** Issue 15, MHD ITI-65: the SubmissionSet is kept, located in the answer, and read back under the door's rules. */
    @Test
    void theSubmissionSetIsKeptAndReadUnderTheDoorsRules() {
        Practice p = practice();
        Bundle bundle = provideBundle(p.ins(), "note");
        Bundle prescription = provideBundleOf(p.ins(), PRESCRIPTION, "prescription");
        // One set of two documents: a consultation note and a prescription.
        ListResource set = (ListResource) bundle.getEntryFirstRep().getResource();
        for (Bundle.BundleEntryComponent e : prescription.getEntry().subList(1, prescription.getEntry().size())) {
            bundle.addEntry(e);
            if (e.getResource() instanceof DocumentReference) {
                set.addEntry().setItem(new Reference(e.getFullUrl()));
            }
        }
        Bundle response = p.client().transaction().withBundle(bundle).execute();
        FhirConformance.assertValid(response);
        assertThat(response.getEntryFirstRep().getResponse().getLocation()).startsWith("List/");
        String location = idOf(response.getEntryFirstRep());
        List<String> documents = response.getEntry().stream().map(e -> e.getResponse().getLocation())
                .filter(l -> l.startsWith("DocumentReference/")).toList();

        ListResource read = p.client().read().resource(ListResource.class).withId(location).execute();
        FhirConformance.assertValid(read);
        assertThat(read.getEntry()).extracting(e -> e.getItem().getReference()).containsExactlyElementsOf(documents);
        assertThat(read.getSource().getIdentifier().getValue()).isEqualTo("8" + p.rpps());
        assertThat(((Identifier) read.getExtensionByUrl(SOURCE_ID).getValue()).getValue()).isEqualTo(PRACTICE_SOURCE);

        // A pharmacist in care sees the set with the prescription only (notes are not for pharmacists).
        String rpps = Identities.rpps();
        String token = dmp.professional(rpps, "21", "dmp:read");
        openCareContext(p.ins(), rpps, token);
        ListResource seen = client(token).read().resource(ListResource.class).withId(location).execute();
        FhirConformance.assertValid(seen);
        assertThat(seen.getEntry()).extracting(e -> e.getItem().getReference()).containsExactly(documents.get(1));

        // A physician with no care relationship gets what a read of one of its documents (or its content) gets.
        IGenericClient stranger = client(dmp.physician(Identities.rpps()));
        for (Runnable call : List.<Runnable>of(
                () -> stranger.read().resource(ListResource.class).withId(location).execute(),
                () -> stranger.read().resource(DocumentReference.class).withId(documents.get(0)).execute(),
                // ITI-68 too: the content is not even decrypted for them.
                () -> stranger.read().resource(Binary.class)
                        .withId(documents.get(0).substring("DocumentReference/".length())).execute())) {
            assertThatThrownBy(call::run).isInstanceOf(ForbiddenOperationException.class).satisfies(e -> {
                OperationOutcome oo = (OperationOutcome) ((ForbiddenOperationException) e).getOperationOutcome();
                FhirConformance.assertValid(oo);
                assertThat(oo.getIssueFirstRep().getDetails().getCoding()).extracting(Coding::getCode)
                        .contains("care-relationship-required");
            });
        }
        // No such set: 404, as an unknown document.
        assertThatThrownBy(() -> p.client().read().resource(ListResource.class)
                .withId(java.util.UUID.randomUUID().toString()).execute())
                .isInstanceOf(ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException.class);
    }

    /** The id part of a transaction-response entry's location ({@code Type/<id>}). */
    static String idOf(Bundle.BundleEntryComponent e) {
        String location = e.getResponse().getLocation();
        return location.substring(location.indexOf('/') + 1);
    }

    /** A set of only documents a pharmacist may not see is refused to them as a read of its document is. */
    @Test
    void aSubmissionSetNoneOfWhoseDocumentsMayBeSeenIsRefusedAsItsDocument() {
        Practice p = practice();
        Bundle response = p.client().transaction().withBundle(provideBundle(p.ins(), "note")).execute();
        String location = idOf(response.getEntryFirstRep());
        String document = idOf(response.getEntry().get(1));
        String rpps = Identities.rpps();
        String token = dmp.professional(rpps, "21", "dmp:read");
        openCareContext(p.ins(), rpps, token);
        IGenericClient pharmacy = client(token);
        List<String> rules = new ArrayList<>();
        for (Runnable call : List.<Runnable>of(
                () -> pharmacy.read().resource(ListResource.class).withId(location).execute(),
                () -> pharmacy.read().resource(DocumentReference.class).withId(document).execute())) {
            assertThatThrownBy(call::run).isInstanceOf(ForbiddenOperationException.class).satisfies(e -> {
                OperationOutcome oo = (OperationOutcome) ((ForbiddenOperationException) e).getOperationOutcome();
                FhirConformance.assertValid(oo);
                oo.getIssueFirstRep().getDetails().getCoding().stream()
                        .filter(c -> c.getSystem().endsWith("/consent-rule")).forEach(c -> rules.add(c.getCode()));
            });
        }
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0)).isEqualTo(rules.get(1));
    }

    /** Issue 15, ITI-78 (and ITI-67): opposed, purged and unknown persons get the same answers. */
    @Test
    void opposedPurgedAndUnknownPersonsAnswerAlike() {
        TestPatient invited = TestPatient.registered(dmp, "INVITED");
        HttpResponse<Buffer> opposition = dmp.send(HttpMethod.POST, "/api/v1/me/opposition", invited.login(dmp),
                new JsonObject());
        assertThat(opposition.statusCode()).as(opposition.bodyAsString()).isEqualTo(201);
        String purged = dmp.activePatient();
        CareContextsIT.purge(dmp, purged);
        String physician = dmp.physician(Identities.rpps());
        Map<String, List<String>> answers = new java.util.LinkedHashMap<>();
        for (String ins : List.of(Identities.ins(), invited.ins(), purged)) {
            for (String path : List.of("/fhir/r4/Patient?identifier=" + INS_NIR + "%7C" + ins,
                    "/fhir/r4/Patient/" + ins,
                    "/fhir/r4/DocumentReference?patient.identifier=" + INS_NIR + "%7C" + ins)) {
                HttpResponse<Buffer> r = dmp.get(path, physician);
                IBaseResource body = FhirConformance.assertValid(r.bodyAsString());
                String shape = body instanceof Bundle b ? "Bundle " + b.getTotal() + " " + b.getEntry().size()
                        : ((OperationOutcome) body).getIssueFirstRep().getCode() + " "
                                + ((OperationOutcome) body).getIssueFirstRep().getDetails().getText();
                answers.computeIfAbsent(path.replace(ins, "<ins>"), k -> new ArrayList<>())
                        .add(r.statusCode() + " " + shape);
            }
        }
        assertThat(answers.values()).allSatisfy(a -> assertThat(a).hasSize(3).containsOnly(a.get(0)));
        assertThat(answers.values()).extracting(a -> a.get(0).substring(0, 3)).containsExactly("200", "404", "404");
        assertThat(answers.values().iterator().next().get(0)).isEqualTo("200 Bundle 0 0");
    }

    @Test
    void unknownPersonsAreAnEmptySearch() {
        Practice p = practice();
        Bundle none = p.client().search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(INS_NIR, Identities.ins()))
                .returnBundle(Bundle.class).execute();
        FhirConformance.assertValid(none);
        assertThat(none.getEntry()).isEmpty();
        assertThat(none.getTotal()).isZero();
    }
}
