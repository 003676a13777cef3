package fr.sante.dmp.pwa.directives;

import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The advance directives as a PDF document: the same content as the print view, laid out by openhtmltopdf (PDFBox)
 * from a well-formed XHTML template. Layout is CPU work of tens of milliseconds and font subsetting reads files: it runs
 * on a worker thread ({@code executeBlocking}, unordered so that several patients print at once), never on the event
 * loop. The font (DejaVu Sans, shipped with its licence) is embedded, so the document prints the same everywhere and
 * covers accented, Greek and Cyrillic text.
 */
public final class DirectivesPdf {

    static final String FAMILY = "DejaVu Sans";
    private final Vertx vertx;
    private final byte[] regular;
    private final byte[] bold;
    private final String css;

    /** Reads the fonts and stylesheet from the class path: call at start-up. */
    public DirectivesPdf(Vertx vertx) {
        this.vertx = vertx;
        this.regular = read("pdf/DejaVuSans.ttf");
        this.bold = read("pdf/DejaVuSans-Bold.ttf");
        this.css = new String(read("pdf/directives.css"), StandardCharsets.UTF_8);
    }

    /** The stylesheet the template inlines. */
    public String css() {
        return css;
    }

    /** Lays out {@code xhtml} into a PDF on a worker thread. */
    public Future<Buffer> render(String xhtml) {
        return vertx.executeBlocking(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useFont(() -> new ByteArrayInputStream(regular), FAMILY, 400,
                    PdfRendererBuilder.FontStyle.NORMAL, true);
            builder.useFont(() -> new ByteArrayInputStream(bold), FAMILY, 700,
                    PdfRendererBuilder.FontStyle.NORMAL, true);
            // Everything the document shows is in it: nothing is ever fetched while laying it out (no URL of the
            // patient's text can make the server open a connection or a file).
            builder.useExternalResourceAccessControl((uri, type) -> false,
                    ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
            builder.useExternalResourceAccessControl((uri, type) -> false,
                    ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
            return Buffer.buffer(out.toByteArray());
        }, false);
    }

    private static byte[] read(String resource) {
        try (InputStream in = DirectivesPdf.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
