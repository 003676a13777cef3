package fr.sante.dmp.store.care;

import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.store.RecordException;
import java.text.Normalizer;
import java.util.Optional;

/**
 * The public extract of the national directory of health professionals, "personne activité" file
 * ({@code PS_LibreAcces_Personne_activite_*.txt}, annuaire.sante.fr / data.gouv.fr): UTF-8, one activity per line,
 * fields separated by {@code |} (each line ends with one), a header line naming the columns. A professional has as many
 * lines as places of practice. Columns are found by their header name, so the extract's two published layouts (52
 * columns, and 56 with the function and kind of activity at the end) and a later reordering read alike.
 */
final class DirectoryExtract {
    /** A line longer than this is refused without being split (the longest real lines are under 1 KiB). */
    static final int MAX_LINE_CHARS = 4096;
    /** Every value kept is cut to this length (names and labels of the real extract are far shorter). */
    static final int MAX_VALUE_CHARS = 200;
    /** "Type d'identifiant PP": 8 is an RPPS, 0 an ADELI number. */
    static final String RPPS_TYPE = "8";

    private final int type;
    private final int id;
    private final int title;
    private final int familyName;
    private final int givenName;
    private final int profession;
    private final int professionLabel;
    private final int specialty;
    private final int specialtyLabel;
    private final int town;
    private final int cedex;
    private final int needed;

    private DirectoryExtract(int[] columns) {
        this.type = columns[0];
        this.id = columns[1];
        this.title = columns[2];
        this.familyName = columns[3];
        this.givenName = columns[4];
        this.profession = columns[5];
        this.professionLabel = columns[6];
        this.specialty = columns[7];
        this.specialtyLabel = columns[8];
        this.town = columns[9];
        this.cedex = columns[10];
        int max = 0;
        for (int c : columns) {
            max = Math.max(max, c);
        }
        this.needed = max + 1;
    }

    /** The columns by header name, each with its accepted spellings; the first five are required. */
    private static final String[][] COLUMNS = {
        {"Type d'identifiant PP"},
        {"Identifiant PP"},
        {"Libellé civilité d'exercice", "Libellé civilité exercice"},
        {"Nom d'exercice"},
        {"Prénom d'exercice"},
        {"Code profession"},
        {"Libellé profession"},
        {"Code savoir-faire"},
        {"Libellé savoir-faire"},
        {"Libellé commune (coord. structure)"},
        {"Bureau cedex (coord. structure)"},
    };
    private static final boolean[] REQUIRED = {true, true, false, true, false, true, false, false, false, false, false};

    /** Reads the header; a missing required column is {@code Invalid("file")} naming it. */
    static DirectoryExtract header(String line) {
        if (line == null) {
            throw new RecordException.Invalid("file", "is empty: the header line is missing");
        }
        String[] names = line.strip().replace("\uFEFF", "").split("\\|", -1);
        int[] columns = new int[COLUMNS.length];
        for (int c = 0; c < COLUMNS.length; c++) {
            columns[c] = -1;
            for (int i = 0; i < names.length && columns[c] < 0; i++) {
                for (String spelling : COLUMNS[c]) {
                    if (key(names[i]).equals(key(spelling))) {
                        columns[c] = i;
                    }
                }
            }
            if (columns[c] < 0 && REQUIRED[c]) {
                throw new RecordException.Invalid("file", "has no column \"" + COLUMNS[c][0]
                        + "\": not a \"personne activité\" extract of the national directory");
            }
        }
        return new DirectoryExtract(columns);
    }

    /** A data line: an entry, a skip (not an RPPS), or the reason it is bad. */
    sealed interface Parsed permits Entry, Skipped, Bad {
    }

    record Entry(DirectoryEntry entry) implements Parsed {
    }

    record Skipped() implements Parsed {
    }

    record Bad(String reason) implements Parsed {
    }

    private static final Skipped SKIPPED = new Skipped();

    Parsed parse(String line) {
        if (line.length() > MAX_LINE_CHARS) {
            return new Bad("longer than " + MAX_LINE_CHARS + " characters");
        }
        if (line.indexOf('\uFFFD') >= 0) {
            return new Bad("not UTF-8");
        }
        // Field boundaries only; the few columns kept are cut out of the line (no array of 56 strings per line).
        int[] starts = new int[needed + 1];
        int count = bounds(line, starts);
        if (count < needed) {
            return new Bad("has " + count + " fields, the header needs " + needed);
        }
        Fields fields = new Fields(line, starts);
        String kind = fields.get(type).strip();
        if (!RPPS_TYPE.equals(kind)) {
            return kind.equals("0") ? SKIPPED : new Bad("identifier type is neither 8 (RPPS) nor 0 (ADELI)");
        }
        Rpps rpps;
        try {
            rpps = Rpps.parse(fields.get(id));
        } catch (RuntimeException e) {
            return new Bad("RPPS " + e.getMessage());
        }
        Optional<String> family = value(fields, familyName);
        if (family.isEmpty()) {
            return new Bad("no name");
        }
        String code = fields.get(profession).strip();
        if (code.isEmpty() || code.length() > 3 || !code.chars().allMatch(Character::isDigit)) {
            return new Bad("no profession code");
        }
        Optional<String> place = value(fields, town).or(() -> value(fields, cedex).map(DirectoryExtract::cedexTown));
        return new Entry(new DirectoryEntry(rpps.value(), value(fields, title), family, value(fields, givenName), code,
                value(fields, professionLabel), value(fields, specialty), value(fields, specialtyLabel), place));
    }

    /**
     * Where each of the first {@code starts.length - 1} fields starts ({@code starts[i + 1] - 1} is where field i
     * ends); returns how many fields the line has, at most that many.
     */
    private static int bounds(String line, int[] starts) {
        int wanted = starts.length - 1;
        int count = 0;
        int from = 0;
        while (count < wanted) {
            starts[count] = from;
            int bar = line.indexOf('|', from);
            count++;
            if (bar < 0) {
                starts[count] = line.length() + 1;
                return count;
            }
            from = bar + 1;
        }
        starts[count] = from;
        return count;
    }

    /** The fields of a line by their boundaries. */
    private record Fields(String line, int[] starts) {
        String get(int column) {
            return line.substring(starts[column], starts[column + 1] - 1);
        }
    }

    /** "75015 PARIS CEDEX 15" → "PARIS": the town of a postal office line when the commune column is empty. */
    private static String cedexTown(String cedexLine) {
        String t = cedexLine.replaceFirst("^[0-9A-Z]{2}[0-9]{3}\\s+", "").replaceFirst("\\s+CEDEX.*$", "");
        return t.isBlank() ? cedexLine : t;
    }

    private static Optional<String> value(Fields fields, int column) {
        if (column < 0) {
            return Optional.empty();
        }
        String v = fields.get(column).strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(v.length() > MAX_VALUE_CHARS ? v.substring(0, MAX_VALUE_CHARS) : v);
    }

    private static String key(String header) {
        return searchKey(header).replace(" ", "");
    }

    /**
     * Lower case, accents and punctuation gone, one space between words: what names are searched by ("Lefèvre-Brûlé"
     * → "lefevre brule").
     */
    static String searchKey(String text) {
        // Most names are plain ASCII: no decomposition needed (the import's second hottest step).
        boolean ascii = true;
        for (int i = 0; i < text.length() && ascii; i++) {
            ascii = text.charAt(i) < 128;
        }
        String plain = ascii ? text : Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(plain.length());
        boolean space = true;
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (Character.isLetterOrDigit(c)) {
                out.append(Character.toLowerCase(c));
                space = false;
            } else if (!space) {
                out.append(' ');
                space = true;
            }
        }
        int end = out.length();
        if (end > 0 && out.charAt(end - 1) == ' ') {
            out.setLength(end - 1);
        }
        return out.toString();
    }
}
