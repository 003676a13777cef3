package fr.sante.dmp.pwa.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A patient API request body whose string getters refuse values of another JSON type. Vert.x's {@code getString}
 * answers {@code toString()} of any value ({@code {}} became the name "{}", {@code 12} the text "12"; found by
 * schemathesis on the medical profile). Here a non-string throws ClassCastException, which the API turns into the
 * client's 400 (see Routes.runApi), like the other typed getters already do. Nested objects and arrays are strict too.
 */
final class StrictJson {
    private StrictJson() {
    }

    static JsonObject of(JsonObject body) {
        return new Obj(body.getMap());
    }

    private static final com.fasterxml.jackson.core.JsonFactory STRICT = com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * Reads the body once, strictly, before Vert.x decodes it: a key given twice (Jackson kept the last one), a NUL or
     * half a character (a lone surrogate, stored as {@code ?}) in any key or string is the client's mistake, refused
     * with the field named, never silently repaired.
     */
    static void check(io.vertx.core.buffer.Buffer raw) {
        try (com.fasterxml.jackson.core.JsonParser p = STRICT.createParser(raw.getBytes())) {
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME
                        || t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                    // Line breaks stay allowed here (free text); each field's own rule is stricter where it lives.
                    fr.sante.dmp.store.Text.lines(path(p), p.getText());
                }
            }
        } catch (com.fasterxml.jackson.core.exc.StreamReadException e) {
            String dup = e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                    && e.getProcessor() != null ? path(e.getProcessor()) : null;
            throw dup != null ? new fr.sante.dmp.store.RecordException.Invalid(dup, "is given twice")
                    : new fr.sante.dmp.store.RecordException.Invalid("body", "a JSON object is required");
        } catch (java.io.IOException e) {
            throw new fr.sante.dmp.store.RecordException.Invalid("body", "a JSON object is required");
        }
    }

    /** The field as the store names it: keys from the root, dot-separated, array positions left out. */
    private static String path(com.fasterxml.jackson.core.JsonParser p) {
        StringBuilder b = new StringBuilder();
        for (com.fasterxml.jackson.core.JsonStreamContext c = p.getParsingContext(); c != null; c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                String n = name(c.getCurrentName());
                if ("body".equals(n)) {
                    return "body";
                }
                b.insert(0, b.length() == 0 ? n : n + ".");
            }
        }
        return b.length() == 0 || b.length() > 200 ? "body" : b.toString();
    }

    /** The name a field error carries: the key, unless it is too long or odd to be one of ours. */
    private static String name(String key) {
        return key == null || key.length() > 64 || !key.chars().allMatch(c -> c < 128 && c > 32) ? "body" : key;
    }

    private static String string(Object value, String name) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new ClassCastException(name + ": a string is required");
    }

    private static final class Obj extends JsonObject {
        Obj(Map<String, Object> map) {
            super(map);
        }

        @Override
        public String getString(String key) {
            return string(getMap().get(key), key);
        }

        @Override
        public String getString(String key, String absent) {
            return getMap().containsKey(key) ? getString(key) : absent;
        }

        @Override
        public JsonObject getJsonObject(String key) {
            JsonObject o = super.getJsonObject(key);
            return o == null ? null : new Obj(o.getMap());
        }

        @Override
        public JsonObject getJsonObject(String key, JsonObject absent) {
            return getMap().containsKey(key) ? getJsonObject(key) : absent;
        }

        @Override
        public JsonArray getJsonArray(String key) {
            JsonArray a = super.getJsonArray(key);
            return a == null ? null : new Arr(a.getList());
        }

        @Override
        public JsonArray getJsonArray(String key, JsonArray absent) {
            return getMap().containsKey(key) ? getJsonArray(key) : absent;
        }
    }

    private static final class Arr extends JsonArray {
        @SuppressWarnings({"rawtypes", "unchecked"})
        Arr(List list) {
            super(list);
        }

        @Override
        public String getString(int pos) {
            return string(getList().get(pos), "item " + pos);
        }

        @Override
        public JsonObject getJsonObject(int pos) {
            JsonObject o = super.getJsonObject(pos);
            return o == null ? null : new Obj(o.getMap());
        }
    }
}
