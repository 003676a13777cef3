package fr.sante.dmp.pwa.history;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.pwa.directory.Professionals;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.care.DirectoryEntry;
import fr.sante.dmp.store.care.ProfessionalDirectory;
import fr.sante.dmp.store.patient.history.AccessHistoryPage;
import fr.sante.dmp.store.patient.history.HistoryFilter;
import fr.sante.dmp.store.patient.history.HistoryService;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.Optional;

/**
 * The access history as CSV (RFC 4180, UTF-8 with a byte-order mark so that spreadsheets read the accents), for the
 * page's export and the patient API alike: written page by page as it is read (memory bounded by a page), as deep as
 * the history pages go. A cell that a spreadsheet would take for a formula is quoted with a leading apostrophe.
 */
public final class HistoryCsv {
    static final int PAGE = 100;
    static final String HEADER = "at,actorKind,rpps,professional,profession,action,documentId,documentTitle,allowed,"
            + "breakGlass,reasonFr,reasonEn\r\n";

    private HistoryCsv() {
    }

    public static Future<Void> send(HttpServerResponse response, HistoryService history,
                                    Optional<ProfessionalDirectory> directory, Ins ins, HistoryFilter filter) {
        // The first page is read before the headers go: a failure is still a proper error answer.
        return history.accessHistory(ins, filter, 0, PAGE).compose(first -> {
            PageRenderer.noStore(response);
            response.setChunked(true).putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"historique-" + filter.param() + ".csv\"");
            response.write("\uFEFF" + HEADER);
            return write(response, history, directory, ins, filter, first);
        });
    }

    private static Future<Void> write(HttpServerResponse response, HistoryService history,
                                      Optional<ProfessionalDirectory> directory, Ins ins, HistoryFilter filter,
                                      AccessHistoryPage page) {
        return Professionals.of(directory, page.entries().stream().flatMap(e -> e.rpps().stream()).toList())
                .compose(pros -> {
                    StringBuilder out = new StringBuilder(page.entries().size() * 200);
                    for (AccessHistoryPage.Entry e : page.entries()) {
                        row(out, e, e.rpps().flatMap(pros::entry));
                    }
                    Future<Void> written = response.write(Buffer.buffer(out.toString()));
                    if (!page.hasNext() || (long) (page.page() + 1) * PAGE >= 10_000) {
                        return written.compose(v -> response.end());
                    }
                    return written.compose(v -> history.accessHistory(ins, filter, page.page() + 1, PAGE))
                            .compose(next -> write(response, history, directory, ins, filter, next));
                });
    }

    static void row(StringBuilder out, AccessHistoryPage.Entry e, Optional<DirectoryEntry> who) {
        cell(out, e.at().toString()).append(',');
        cell(out, e.actorKind()).append(',');
        cell(out, e.rpps().orElse("")).append(',');
        cell(out, who.flatMap(DirectoryEntry::name).orElse("")).append(',');
        cell(out, e.professionCode().orElse("")).append(',');
        cell(out, e.action()).append(',');
        cell(out, e.documentId().map(Object::toString).orElse("")).append(',');
        cell(out, e.documentTitle().orElse("")).append(',');
        cell(out, Boolean.toString(e.allowed())).append(',');
        cell(out, Boolean.toString(e.breakGlass())).append(',');
        cell(out, e.reasonFr()).append(',');
        cell(out, e.reasonEn()).append("\r\n");
    }

    static StringBuilder cell(StringBuilder out, String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return out.append(v);
        }
        return out.append('"').append(v.replace("\"", "\"\"")).append('"');
    }
}
