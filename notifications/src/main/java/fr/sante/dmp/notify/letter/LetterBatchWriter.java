package fr.sante.dmp.notify.letter;

import fr.sante.dmp.notify.outbox.Language;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Writes one batch: a PDF of one A4 page per letter, then its manifest. Blocking (PDFBox, file system): called on a
 * worker thread only. Nothing half-written: each file is written under a temporary name beginning with a dot, forced to
 * disk and renamed; the manifest comes last, so <b>a batch exists for the mail house once its manifest does</b>
 * (a crash leaves at most a dot-file, which the next start removes). Thread-safe: each call builds its own document.
 */
public final class LetterBatchWriter {
    public static final String MANIFEST_SUFFIX = ".manifest.json";
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path exportDir;
    private final Clock clock;
    private final byte[] regular;
    private final byte[] bold;
    private final Map<Language, Properties> texts = new EnumMap<>(Language.class);

    /** What a written batch is: its file name (without extension) and how many letters it holds. */
    public record Batch(String name, int letters, Path pdf, Path manifest) {
    }

    public LetterBatchWriter(Path exportDir, Clock clock) {
        this.exportDir = exportDir;
        this.clock = clock;
        this.regular = withoutGlyphSubstitution(resource("pdf/DejaVuSans.ttf"));
        this.bold = withoutGlyphSubstitution(resource("pdf/DejaVuSans-Bold.ttf"));
        for (Language l : Language.values()) {
            Properties p = new Properties();
            try (InputStream in = LetterBatchWriter.class.getResourceAsStream("letter_" + l.name() + ".properties")) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            texts.put(l, p);
        }
    }

    /** Creates the export folder and removes temporary files a crash may have left. Blocking. */
    public void prepare() throws IOException {
        Files.createDirectories(exportDir);
        try (var files = Files.list(exportDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith(".letters-")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    public Batch write(List<Letter> letters) throws IOException {
        Instant now = clock.instant();
        String name = "letters-" + STAMP.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] pdf = render(name, letters, now);
        Path pdfFile = exportDir.resolve(name + ".pdf");
        publish(pdfFile, pdf);
        byte[] manifest = manifest(name, letters, pdf, now).encodePrettily().getBytes(StandardCharsets.UTF_8);
        Path manifestFile = exportDir.resolve(name + MANIFEST_SUFFIX);
        publish(manifestFile, manifest);
        return new Batch(name, letters.size(), pdfFile, manifestFile);
    }

    private byte[] render(String name, List<Letter> letters, Instant now) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(name);
            info.setCreator("Mon espace santé");
            info.setCreationDate(java.util.GregorianCalendar.from(now.atZone(ZoneOffset.UTC)));
            // Subsets of the embedded fonts: the printer needs no font of its own, the file stays small.
            LetterPage page = new LetterPage(doc, PDType0Font.load(doc, new ByteArrayInputStream(regular), true),
                    PDType0Font.load(doc, new ByteArrayInputStream(bold), true));
            for (Letter l : letters) {
                page.draw(l, texts.get(l.language()), now.atZone(PARIS).toLocalDate());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024 + letters.size() * 4096);
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** What the mail house checks before printing: counts and the PDF's checksum; the letters' references in order. */
    private static JsonObject manifest(String name, List<Letter> letters, byte[] pdf, Instant now) {
        Map<String, Integer> byTemplate = new TreeMap<>();
        Map<String, Integer> byLanguage = new TreeMap<>();
        JsonArray references = new JsonArray();
        for (Letter l : letters) {
            byTemplate.merge(l.templateId(), 1, Integer::sum);
            byLanguage.merge(l.language().name(), 1, Integer::sum);
            references.add(l.messageId().toString());
        }
        return new JsonObject()
                .put("batch", name)
                .put("createdAt", now.toString())
                .put("letters", letters.size())
                .put("pages", letters.size())
                .put("format", "A4, one page per letter, DL window envelope, fonts embedded")
                .put("byTemplate", new JsonObject(Map.copyOf(byTemplate)))
                .put("byLanguage", new JsonObject(Map.copyOf(byLanguage)))
                .put("file", new JsonObject().put("name", name + ".pdf").put("bytes", pdf.length)
                        .put("sha256", sha256(pdf)))
                .put("references", references);
    }

    /** Temporary name, forced to disk, atomic rename, then the folder's entry forced too. */
    private void publish(Path target, byte[] bytes) throws IOException {
        Path tmp = exportDir.resolve("." + target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(exportDir, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a folder for reading; the rename itself is still atomic.
        }
    }

    /**
     * Hides the font's GSUB table (its tag renamed in the table directory): letters print Latin text, which needs no
     * glyph substitution, and PDFBox's substitution pass over every string was a third of the rendering time
     * (measured, docs/BENCHMARKS.md). The embedded subsets never carry GSUB anyway.
     */
    static byte[] withoutGlyphSubstitution(byte[] ttf) {
        byte[] out = ttf.clone();
        ByteBuffer b = ByteBuffer.wrap(out);
        int tables = b.getShort(4) & 0xffff;
        for (int i = 0; i < tables; i++) {
            int entry = 12 + 16 * i;
            if (out[entry] == 'G' && out[entry + 1] == 'S' && out[entry + 2] == 'U' && out[entry + 3] == 'B') {
                out[entry] = 'g';
                out[entry + 1] = 's';
                out[entry + 2] = 'u';
                out[entry + 3] = 'b';
            }
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String path) {
        try (InputStream in = LetterBatchWriter.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
