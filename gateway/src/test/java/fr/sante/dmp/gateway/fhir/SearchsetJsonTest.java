package fr.sante.dmp.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.record.DocumentSummary;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TimeZone;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

/**
 * The ITI-67 fast path writes exactly what HAPI's encoder writes for the Bundle {@link DocumentReferences} builds: byte
 * for byte, over generated pages (titles with quotes, controls, accents, emoji, line separators and markup; masked,
 * superseded, replacing, authorless, empty and huge documents; searches with and without a patient, a next link or
 * not) and in two time zones. Any element added to or changed in {@link DocumentReferences#of} without its fast-path
 * twin fails here.
 */
class SearchsetJsonTest {
    private static final FhirContext CONTEXT = FhirContext.forR4();
    private static final String BASE = "http://127.0.0.1:8080/fhir/r4";
    private static final String[] TITLES = {
        "Compte rendu", "Compte \"rendu\" d'hospitalisation", "é à ç œ Ω 漢字 😀", "line\nbreak\ttab\\slash",
        "ctrl \u0001\u001f end", "sep \u2028 \u2029", "<b>markup</b> & </script>", " padded ", "x".repeat(300), "",
    };
    private static final String[] CONTENT_TYPES = {"application/pdf", "text/plain", "image/png", "text/html;charset=utf-8"};
    private static final String[] CLASSES = {"11488-4", "18842-5", "34133-9", "60591-5"};

    @Test
    void writesTheBytesHapiWritesForEveryShapeOfPage() {
        TimeZone saved = TimeZone.getDefault();
        try {
            for (String zone : new String[] {"UTC", "Europe/Paris", "Pacific/Chatham"}) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                Random random = new Random(zone.hashCode());
                for (int page = 0; page < 60; page++) {
                    assertSameBytes(random, page);
                }
            }
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void anEmptyPageHasNoEntryAndItsTotal() {
        Instant now = Instant.parse("2026-12-07T10:00:00.123456Z");
        String json = SearchsetJson.of(List.of(), 0, null, BASE, BASE + "/DocumentReference?_count=20", Optional.empty(),
                now).toString(StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("\"entry\"").contains("\"total\":0");
        assertThat(json).isEqualTo(hapi(List.of(), 0, null, BASE + "/DocumentReference?_count=20", Optional.empty(),
                now));
    }

    private static void assertSameBytes(Random random, int page) {
        int size = random.nextInt(page % 10 == 0 ? 101 : 6);
        List<DocumentSummary> docs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            docs.add(document(random));
        }
        Ins ins = random.nextInt(4) == 0 ? null : Ins.parse("180017512345660");
        String self = BASE + "/DocumentReference?patient.identifier=urn%3Aoid%3A1.2.250.1.213.1.4.8%7C180017512345660"
                + "&_count=" + (size + 1);
        Optional<String> next = random.nextBoolean() ? Optional.of(self + "&_cursor=abc" + page) : Optional.empty();
        Instant now = Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1_000_000_000)).plusNanos(123_456);
        int total = size + random.nextInt(3);
        String fast = SearchsetJson.of(docs, total, ins, BASE, self, next, now).toString(StandardCharsets.UTF_8);
        String expected = hapi(docs, total, ins, self, next, now);
        if (!fast.equals(expected)) {
            int at = 0;
            while (at < Math.min(fast.length(), expected.length()) && fast.charAt(at) == expected.charAt(at)) {
                at++;
            }
            int from = Math.max(0, at - 80);
            throw new AssertionError("page " + page + " of " + size + " documents differs at " + at + ":\n HAPI: "
                    + expected.substring(from, Math.min(expected.length(), at + 80)) + "\n fast: "
                    + fast.substring(from, Math.min(fast.length(), at + 80)));
        }
    }

    private static String hapi(List<DocumentSummary> docs, int total, Ins ins, String self, Optional<String> next,
                               Instant now) {
        Bundle bundle = DocumentReferences.searchset(docs, total, ins, BASE, self, next, now);
        return CONTEXT.newJsonParser().encodeResourceToString(bundle);
    }

    private static DocumentSummary document(Random random) {
        // Deposit times from 1970 to 2100, with sub-millisecond parts HAPI drops.
        Instant deposited = Instant.ofEpochSecond(random.nextLong(4_102_444_800L), random.nextInt(1_000_000_000));
        long size = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> (long) Integer.MAX_VALUE + 1 + random.nextInt(1000);
            case 2 -> Integer.MAX_VALUE;
            default -> random.nextInt(20_000_000);
        };
        return new DocumentSummary(
                new UUID(random.nextLong(), random.nextLong()),
                CLASSES[random.nextInt(CLASSES.length)],
                TITLES[random.nextInt(TITLES.length)],
                CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)],
                random.nextInt(5) == 0 ? Optional.empty() : Optional.of(String.valueOf(10_000_000_000L + random.nextInt(1_000_000))),
                deposited,
                size,
                random.nextInt(3) == 0,
                random.nextInt(4) == 0 ? DocumentSummary.SUPERSEDED : DocumentSummary.CURRENT,
                random.nextInt(3) == 0 ? Optional.of(new UUID(random.nextLong(), random.nextLong())) : Optional.empty());
    }
}
