package fr.sante.dmp.notify.letter;

import fr.sante.dmp.notify.outbox.Language;
import io.nayuki.qrcodegen.QrCode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDFormContentStream;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.util.Matrix;

/**
 * Draws one letter on one A4 page, straight onto PDFBox (no HTML layout: a fixed layout drawn directly is what makes
 * hundreds of letters a second possible). The address sits where a French DL window envelope shows it (La Poste:
 * window 45 x 100 mm, 20 mm from the right edge, about 50 mm from the top).
 */
final class LetterPage {
    private static final float MM = 72f / 25.4f;
    private static final float LEFT = 20 * MM;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 40 * MM;
    private static final float TOP = PDRectangle.A4.getHeight();
    private static final float QR_SIZE = 32 * MM;
    private static final DateTimeFormatter FR_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH);
    private static final DateTimeFormatter EN_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private final PDDocument doc;
    private final PDFont regular;
    private final PDFont bold;
    /** A batch's letters mostly share one link: its QR code is encoded and drawn once, then referenced per page. */
    private final Map<String, PDFormXObject> qrCodes = new HashMap<>();
    private final Map<PDFont, Map<Integer, Float>> widths = new HashMap<>();

    LetterPage(PDDocument doc, PDFont regular, PDFont bold) {
        this.doc = doc;
        this.regular = regular;
        this.bold = bold;
    }

    void draw(Letter letter, Properties texts, LocalDate date) throws IOException {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            lines(cs, regular, 9, LEFT, TOP - 15 * MM, 11, List.of(texts.getProperty("sender").split("\n")));
            // The address block, in the envelope's window.
            lines(cs, regular, 10, 110 * MM, TOP - 50 * MM, 12, letter.to().lines());
            String when = date.format(letter.language() == Language.fr ? FR_DATE : EN_DATE);
            lines(cs, regular, 10, LEFT, TOP - 90 * MM, 12, List.of(texts.getProperty("date").replace("{date}", when)));
            float y = TOP - 102 * MM;
            for (String l : wrap(bold, 12, letter.rendered().subject())) {
                text(cs, bold, 12, LEFT, y, l);
                y -= 15;
            }
            y -= 8;
            for (String para : letter.rendered().text().split("\n")) {
                if (para.isBlank()) {
                    y -= 6;
                    continue;
                }
                for (String l : wrap(regular, 10.5f, para)) {
                    text(cs, regular, 10.5f, LEFT, y, l);
                    y -= 13.5f;
                }
            }
            float boxTop = Math.min(y - 10 * MM, 85 * MM);
            String code = letter.rendered().code();
            if (code != null) {
                text(cs, regular, 10, LEFT, boxTop - 12, texts.getProperty("codeLabel"));
                text(cs, bold, 18, LEFT, boxTop - 36, code);
                cs.setLineWidth(0.8f);
                cs.addRect(LEFT - 4 * MM, boxTop - 45, 95 * MM, 48);
                cs.stroke();
            }
            String link = letter.rendered().link();
            if (link != null) {
                float x = LEFT + WIDTH - QR_SIZE;
                cs.saveGraphicsState();
                cs.transform(Matrix.getTranslateInstance(x, boxTop - QR_SIZE));
                cs.drawForm(qrCode(link));
                cs.restoreGraphicsState();
                float cy = boxTop - QR_SIZE - 11;
                for (String l : wrap(regular, 8, texts.getProperty("qrCaption"), QR_SIZE + 20 * MM)) {
                    text(cs, regular, 8, x - 20 * MM, cy, l);
                    cy -= 10;
                }
            }
            text(cs, regular, 7, LEFT, 12 * MM,
                    texts.getProperty("reference") + " : " + letter.messageId());
        }
    }

    private PDFormXObject qrCode(String link) throws IOException {
        PDFormXObject form = qrCodes.get(link);
        if (form == null) {
            form = new PDFormXObject(doc);
            form.setBBox(new PDRectangle(QR_SIZE, QR_SIZE));
            try (PDFormContentStream fcs = new PDFormContentStream(form)) {
                qr(fcs, QrCode.encodeText(link, QrCode.Ecc.MEDIUM));
            }
            qrCodes.put(link, form);
        }
        return form;
    }

    /** Dark modules as filled squares, consecutive ones of a row merged; a 4-module quiet zone is left around. */
    private static void qr(PDFormContentStream cs, QrCode qr) throws IOException {
        float module = QR_SIZE / (qr.size + 8);
        float x0 = 4 * module;
        float yTop = QR_SIZE - 4 * module;
        for (int row = 0; row < qr.size; row++) {
            int col = 0;
            while (col < qr.size) {
                if (!qr.getModule(col, row)) {
                    col++;
                    continue;
                }
                int start = col;
                while (col < qr.size && qr.getModule(col, row)) {
                    col++;
                }
                cs.addRect(x0 + start * module, yTop - (row + 1) * module, (col - start) * module, module);
            }
        }
        cs.fill();
    }

    private void lines(PDPageContentStream cs, PDFont font, float size, float x, float y, float leading,
                       List<String> lines) throws IOException {
        for (String l : lines) {
            text(cs, font, size, x, y, l);
            y -= leading;
        }
    }

    private static void text(PDPageContentStream cs, PDFont font, float size, float x, float y, String s)
            throws IOException {
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y);
        cs.showText(printable(font, s));
        cs.endText();
    }

    private List<String> wrap(PDFont font, float size, String text) throws IOException {
        return wrap(font, size, text, WIDTH);
    }

    /** Greedy word wrap by the font's widths (summed per character from a cache: measuring whole lines is slow). */
    private List<String> wrap(PDFont font, float size, String text, float width) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        float limit = width * 1000 / size;
        float used = 0;
        float space = width(font, ' ');
        for (String word : text.split(" ")) {
            float w = 0;
            for (int i = 0; i < word.length(); i++) {
                w += width(font, word.charAt(i));
            }
            if (line.length() > 0 && used + space + w > limit) {
                out.add(line.toString());
                line.setLength(0);
                used = 0;
            }
            if (line.length() > 0) {
                line.append(' ');
                used += space;
            }
            line.append(word);
            used += w;
        }
        if (line.length() > 0) {
            out.add(line.toString());
        }
        return out;
    }

    private float width(PDFont font, char c) throws IOException {
        Map<Integer, Float> cache = widths.computeIfAbsent(font, f -> new HashMap<>());
        Float w = cache.get((int) c);
        if (w == null) {
            w = font.getStringWidth(printable(font, String.valueOf(c)));
            cache.put((int) c, w);
        }
        return w;
    }

    /** A name may hold a character the font lacks: it prints as '?' rather than failing the whole batch. */
    static String printable(PDFont font, String s) {
        try {
            font.encode(s);
            return s;
        } catch (IllegalArgumentException | IOException e) {
            StringBuilder b = new StringBuilder(s.length());
            s.codePoints().forEach(cp -> {
                String c = new String(Character.toChars(cp));
                try {
                    font.encode(c);
                    b.append(c);
                } catch (IllegalArgumentException | IOException ex) {
                    b.append('?');
                }
            });
            return b.toString();
        }
    }
}
