package fr.sante.dmp.store.research;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** The three gzip'd CSV files of an extract, in the temporary directory the extract is renamed from at the end. */
final class ExtractFiles implements AutoCloseable {
    static final String PERSONS = "persons.csv.gz";
    static final String DOCUMENTS = "documents.csv.gz";
    static final String CARE_HISTORY = "care_history.csv.gz";

    private final Csv persons;
    private final Csv documents;
    private final Csv careHistory;

    ExtractFiles(Path dir) throws IOException {
        this.persons = new Csv(dir.resolve(PERSONS), "pseudonym", "age_band", "sex", "department");
        this.documents = new Csv(dir.resolve(DOCUMENTS), "pseudonym", "period", "document_class", "author_profession");
        this.careHistory = new Csv(dir.resolve(CARE_HISTORY), "pseudonym", "period", "code");
    }

    Csv persons() {
        return persons;
    }

    Csv documents() {
        return documents;
    }

    Csv careHistory() {
        return careHistory;
    }

    @Override
    public void close() throws IOException {
        try (Csv a = persons; Csv b = documents; Csv c = careHistory) {
            // each closed (and its gzip trailer written), the first failure reported
        }
    }

    /** RFC 4180 CSV, UTF-8, gzip'd; a 64 KiB buffer in front of the deflater. */
    static final class Csv implements AutoCloseable {
        private final Writer out;

        Csv(Path file, String... header) throws IOException {
            this.out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file),
                    1 << 16), StandardCharsets.UTF_8), 1 << 16);
            row(header);
        }

        void row(String... values) throws IOException {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                write(values[i]);
            }
            out.write("\r\n");
        }

        private void write(String v) throws IOException {
            if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
                out.write(v);
            } else {
                out.write('"');
                out.write(v.replace("\"", "\"\""));
                out.write('"');
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
