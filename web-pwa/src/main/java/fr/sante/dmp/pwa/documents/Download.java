package fr.sante.dmp.pwa.documents;

import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.record.DocumentContent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import fr.sante.dmp.store.record.DocumentSummary;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * A document as the patient downloads it, from the page or the patient API: one policy for both. A document is written
 * by a professional's software, not by us: it must never run in our origin (an HTML or SVG "report" would read the
 * patient's pages). So it is an attachment, under a sandbox CSP with {@code nosniff}, and its type is kept only when it
 * is one a browser displays without running anything; any other is sent as {@code application/octet-stream}.
 */
public final class Download {

    /** Types kept as they are: none of them runs script. */
    static final Set<String> KEPT = Set.of("application/pdf", "image/jpeg", "image/png", "text/plain");
    public static final String CSP = "sandbox; default-src 'none'";

    private Download() {
    }

    public static Future<Void> send(HttpServerResponse response, DocumentContent doc) {
        PageRenderer.noStore(response);
        return response.putHeader("Content-Type", contentType(doc.summary().contentType()))
                .putHeader("Content-Disposition", "attachment; filename=\"" + fileName(doc.summary()) + "\"")
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(Buffer.buffer(doc.content()));
    }

    /**
     * A name the patient recognises in their downloads, with the extension their device needs to open it: the title
     * in plain ASCII (accents folded, anything else a dash, at most 60 characters) and the served type's extension;
     * {@code document-<date>} when the title leaves nothing. ASCII only, so no header quoting or encoding is needed.
     */
    public static String fileName(DocumentSummary summary) {
        String title = summary.title() == null ? "" : summary.title().replace("œ", "oe").replace("Œ", "Oe")
                .replace("æ", "ae").replace("Æ", "Ae").replace("ß", "ss");
        String folded = Normalizer.normalize(title, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (folded.length() > 60) {
            folded = folded.substring(0, 60).replaceAll("-+$", "");
        }
        String stem = folded.isEmpty() ? "document-" + summary.depositedAt().atZone(java.time.ZoneId.of("Europe/Paris"))
                .toLocalDate() : folded;
        return stem + "." + extension(contentType(summary.contentType()));
    }

    static String extension(String servedType) {
        return switch (servedType.split(";", 2)[0]) {
            case "application/pdf" -> "pdf";
            case "image/jpeg" -> "jpg";
            case "image/png" -> "png";
            case "text/plain" -> "txt";
            default -> "bin";
        };
    }

    static String contentType(String stored) {
        String base = stored == null ? "" : stored.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!KEPT.contains(base)) {
            return "application/octet-stream";
        }
        return "text/plain".equals(base) ? "text/plain; charset=utf-8" : base;
    }
}
