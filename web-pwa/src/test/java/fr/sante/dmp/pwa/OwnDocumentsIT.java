package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Browserless;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The patient's own documents: the type comes from the bytes, never the name; past 20 MiB the answer is 413 before
 * the body is read; the patient deletes what they added and nothing else; professionals see them as the policy says.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class OwnDocumentsIT {
    static final byte[] PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static final byte[] HTML = "<html><body><script>alert(document.cookie)</script></body></html>"
            .getBytes(StandardCharsets.UTF_8);

    static TestApp app;
    TestApp.Person camille;
    Browserless b;
    WebClient client;

    @BeforeAll
    static void startAll(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
    }

    @AfterAll
    static void stopAll() throws Exception {
        app.close();
    }

    @BeforeEach
    void start() {
        app.restart(TestApp.config());
        camille = app.register("Camille", RecordState.ACTIVE);
        client = WebClient.create(app.vertx, new WebClientOptions().setFollowRedirects(false));
        b = new Browserless(app);
        String ins = camille.ins().value();
        String birth = camille.birthDate().toString();
        b.get(Paths.LOGIN);
        b.post(Paths.LOGIN, MultiMap.caseInsensitiveMultiMap().add("ins", ins).add("birthDate", birth));
        b.post(Paths.LOGIN_CODE, MultiMap.caseInsensitiveMultiMap().add("ins", ins).add("birthDate", birth)
                .add("code", app.codes.lastCode()));
        b.get(Paths.DOCUMENTS);
    }

    /** The page's form as a browser sends it (multipart, the CSRF token in the form, the session cookie). */
    private HttpResponse<Buffer> upload(String title, String fileName, String declaredType, byte[] bytes,
                                        boolean htmx) {
        MultipartForm form = MultipartForm.create().attribute("_csrf", b.csrf).attribute("docTitle", title)
                .binaryFileUpload("file", fileName, Buffer.buffer(bytes), declaredType);
        var req = client.postAbs(app.base() + Paths.DOCUMENT_ADD).putHeader("Cookie", cookies());
        if (htmx) {
            req.putHeader("HX-Request", "true");
        }
        return TestApp.await(req.sendMultipartForm(form));
    }

    private String cookies() {
        StringBuilder sb = new StringBuilder();
        b.cookies.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append('=').append(v));
        return sb.toString();
    }

    private List<DocumentSummary> own() {
        return app.documentsOf(camille).stream()
                .filter(d -> d.classCode().equals(DocumentClass.PATIENT_DOCUMENT.loinc())).toList();
    }

    private String apiToken() {
        JsonObject id = new JsonObject().put("ins", camille.ins().value()).put("birthDate",
                camille.birthDate().toString());
        TestApp.await(client.postAbs(app.base() + "/api/v1/me/login").sendJsonObject(id));
        HttpResponse<Buffer> r = TestApp.await(client.postAbs(app.base() + "/api/v1/me/login/verify")
                .sendJsonObject(id.copy().put("code", app.codes.lastCode())));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.bodyAsJsonObject().getString("token");
    }

    @Test
    void aPdfNamedPngIsKeptAsAPdfAndAnHtmlPageNamedPdfIsRefused() {
        HttpResponse<Buffer> pdf = upload("Compte rendu de radiologie", "scan.png", "image/png", PDF, false);
        HttpResponse<Buffer> html = upload("Résultats", "resultats.pdf", "application/pdf", HTML, true);

        assertThat(pdf.statusCode()).as(pdf.bodyAsString()).isEqualTo(303);
        assertThat(pdf.getHeader("Location")).isEqualTo(Paths.DOCUMENTS + "?ajoute=1");
        assertThat(own()).singleElement().satisfies(d -> {
            assertThat(d.contentType()).isEqualTo("application/pdf");
            assertThat(d.title()).isEqualTo("Compte rendu de radiologie");
            assertThat(d.authorRpps()).isEmpty();
        });
        assertThat(html.statusCode()).isEqualTo(400);
        assertThat(html.bodyAsString()).contains("n'est ni un PDF, ni une image JPEG ou PNG")
                .contains("id=\"f-file-error\"").contains("aria-invalid=\"true\"").contains("role=\"alert\"");
        assertThat(own()).hasSize(1);
        assertThat(b.get(Paths.DOCUMENTS + "?ajoute=1").bodyAsString())
                .contains("Votre document est ajouté").contains("Compte rendu de radiologie")
                .contains("Supprimer ce document");
    }

    @Test
    void theApiTakesTheBytesAndRecognisesThemWhateverTheContentTypeSent() {
        String token = apiToken();
        HttpResponse<Buffer> png = TestApp.await(client.postAbs(app.base() + "/api/v1/me/documents?title=Photo")
                .bearerTokenAuthentication(token).putHeader("Content-Type", "application/pdf")
                .sendBuffer(Buffer.buffer(PNG)));
        HttpResponse<Buffer> html = TestApp.await(client.postAbs(app.base() + "/api/v1/me/documents?title=Page")
                .bearerTokenAuthentication(token).putHeader("Content-Type", "application/pdf")
                .sendBuffer(Buffer.buffer(HTML)));

        assertThat(png.statusCode()).as(png.bodyAsString()).isEqualTo(201);
        assertThat(png.bodyAsJsonObject().getString("contentType")).isEqualTo("image/png");
        assertThat(html.statusCode()).isEqualTo(400);
        assertThat(html.getHeader("Content-Type")).startsWith("application/problem+json");
        assertThat(html.bodyAsJsonObject().getString("field")).isEqualTo("file");
        assertThat(own()).extracting(DocumentSummary::contentType).containsExactly("image/png");
    }

    @Test
    void aBodyPast20MiBIsRefused413BeforeItIsRead() throws Exception {
        String token = apiToken();
        String head = "POST /api/v1/me/documents?title=Gros HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + token + "\r\n";

        // Declared too long: answered with no byte of the body sent.
        String declared = exchange(head + "Content-Length: " + (21L * 1024 * 1024) + "\r\n\r\n", 0);
        // Sent in chunks without a length: refused at the first byte past 20 MiB (the end never comes).
        String grown = exchange(head + "Transfer-Encoding: chunked\r\n\r\n", 20);

        assertThat(declared).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("/payload-too-large");
        assertThat(grown).startsWith("HTTP/1.1 413").contains("/payload-too-large");
        assertThat(own()).isEmpty();
    }

    /**
     * Sends the head, then (when {@code mebibytes} > 0) that many chunks of 1 MiB and one more byte, without the final
     * chunk, and reads the answer to its end (the server closes the connection after a 413).
     */
    private static String exchange(String head, int mebibytes) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(60_000);
            var out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] mib = new byte[1024 * 1024];
            mib[0] = '%';
            for (int i = 0; i < mebibytes; i++) {
                out.write(("100000\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(mib);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            if (mebibytes > 0) {
                out.write("1\r\nX\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            // The head, then as many bytes as it announces: the answer, whether or not the server closes after it.
            var in = socket.getInputStream();
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            while (!answer.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                answer.write(c);
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                    .matcher(answer.toString(StandardCharsets.US_ASCII));
            if (length.find()) {
                answer.write(in.readNBytes(Integer.parseInt(length.group(1))));
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void thePatientDeletesTheDocumentsTheyAddedAndNothingElse() {
        UUID professionals = app.deposit(StoreFixture.physician(), camille, DocumentClass.CONSULTATION_NOTE,
                "Consultation", "texte");
        upload("Ordonnance", "ordonnance.jpg", "image/jpeg", PNG, false);
        UUID mine = own().get(0).id();
        String token = apiToken();

        HttpResponse<Buffer> notMine = TestApp.await(client.deleteAbs(app.base() + "/api/v1/me/documents/"
                + professionals).bearerTokenAuthentication(token).send());
        HttpResponse<Buffer> forged = b.post(Paths.of(Paths.DOCUMENT_DELETE, mine.toString()),
                MultiMap.caseInsensitiveMultiMap().add("_csrf", "forged"));
        boolean stillThere = own().size() == 1;
        b.get(Paths.DOCUMENTS);
        HttpResponse<Buffer> deleted = b.post(Paths.of(Paths.DOCUMENT_DELETE, mine.toString()),
                MultiMap.caseInsensitiveMultiMap());

        assertThat(notMine.statusCode()).isEqualTo(404);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(stillThere).as("a forged token deletes nothing").isTrue();
        assertThat(deleted.statusCode()).isEqualTo(303);
        assertThat(own()).isEmpty();
        assertThat(app.documentsOf(camille)).extracting(DocumentSummary::id).containsExactly(professionals);
        assertThat(b.get(Paths.DOCUMENTS).bodyAsString()).doesNotContain("Supprimer ce document");
    }

    @Test
    void professionalsSeeThePatientsDocumentAsThePolicySays() {
        String token = apiToken();
        HttpResponse<Buffer> added = TestApp.await(client.postAbs(app.base() + "/api/v1/me/documents?title=Scanner")
                .bearerTokenAuthentication(token).sendBuffer(Buffer.buffer(PDF)));
        UUID id = UUID.fromString(added.bodyAsJsonObject().getString("id"));
        Actor.Professional physician = app.inCare(StoreFixture.physician(), camille);
        Actor.Professional radiographer = app.inCare(StoreFixture.professional(Profession.RADIOGRAPHER), camille);

        List<DocumentSummary> byPhysician = TestApp.await(app.records().listDocuments(physician, camille.ins()));
        List<DocumentSummary> byRadiographer = TestApp.await(app.records().listDocuments(radiographer,
                camille.ins()));

        assertThat(byPhysician).extracting(DocumentSummary::id).contains(id);
        assertThat(TestApp.await(app.records().readDocument(physician, id)).content()).isEqualTo(PDF);
        assertThat(byRadiographer).extracting(DocumentSummary::id).doesNotContain(id);
    }
}
