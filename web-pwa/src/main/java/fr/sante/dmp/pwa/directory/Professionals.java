package fr.sante.dmp.pwa.directory;

import fr.sante.dmp.pwa.web.Page;
import fr.sante.dmp.store.care.DirectoryEntry;
import fr.sante.dmp.store.care.ProfessionalDirectory;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The professionals a page names, as the directory describes them: wherever the patient space shows an RPPS it shows
 * who that is ("Dr Marie LEFÈVRE, Médecin, Médecine générale, Paris"), the RPPS after. A professional the directory
 * does not name stays "RPPS …". One lookup per page, for every RPPS it shows.
 */
public final class Professionals {
    private static final Professionals NONE = new Professionals(Map.of());

    private final Map<String, DirectoryEntry> byRpps;

    private Professionals(Map<String, DirectoryEntry> byRpps) {
        this.byRpps = byRpps;
    }

    /** What {@code directory} knows of these RPPS; without a directory (or if it fails), nobody is named. */
    public static Future<Professionals> of(Optional<ProfessionalDirectory> directory, Collection<String> rpps) {
        if (directory.isEmpty() || rpps.isEmpty()) {
            return Future.succeededFuture(NONE);
        }
        // Names are a help, not a right: a directory that does not answer leaves the RPPS alone, the page still shows.
        return directory.get().describe(rpps).map(Professionals::new).otherwise(NONE);
    }

    public static Professionals none() {
        return NONE;
    }

    public Optional<DirectoryEntry> entry(String rpps) {
        return Optional.ofNullable(rpps == null ? null : byRpps.get(rpps));
    }

    /** "Dr Marie LEFÈVRE", or "RPPS 10001234565" when the directory has no name. */
    public String name(Page page, String rpps) {
        return entry(rpps).flatMap(e -> name(page, e)).orElse("RPPS " + rpps);
    }

    /** "Dr Marie LEFÈVRE, Médecin, Médecine générale, Paris (RPPS 10001234565)", or "RPPS 10001234565". */
    public String label(Page page, String rpps) {
        Optional<DirectoryEntry> e = entry(rpps);
        if (e.isEmpty() || e.get().familyName().isEmpty()) {
            return "RPPS " + rpps;
        }
        return describe(page, e.get()) + " (RPPS " + rpps + ")";
    }

    /** The name, profession, specialty and town of an entry, without the RPPS. */
    public static String describe(Page page, DirectoryEntry e) {
        StringBuilder out = new StringBuilder(name(page, e).orElse("RPPS " + e.rpps()));
        out.append(", ").append(page.tOr("profession." + e.professionCode(),
                e.professionLabel().orElse(e.professionCode())));
        e.specialtyLabel().ifPresent(s -> out.append(", ").append(s));
        e.town().ifPresent(t -> out.append(", ").append(capitalized(t)));
        return out.toString();
    }

    private static Optional<String> name(Page page, DirectoryEntry e) {
        if (e.familyName().isEmpty()) {
            return Optional.empty();
        }
        String title = e.title().filter(t -> t.equalsIgnoreCase("Docteur") || t.equalsIgnoreCase("Professeur"))
                .map(t -> page.t(t.equalsIgnoreCase("Docteur") ? "directory.title.doctor" : "directory.title.professor")
                        + " ")
                .orElse("");
        return Optional.of(title + e.givenName().map(g -> capitalized(g) + " ").orElse("") + e.familyName().get());
    }

    /** "JEAN-PIERRE" → "Jean-Pierre", "SAINT ETIENNE" → "Saint Etienne" (the extract writes given names and towns in capitals). */
    static String capitalized(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean start = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetter(c);
        }
        return out.toString();
    }
}
