package fr.sante.dmp.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A check compiled once from one of the contract's plain schemas (objects of strings and booleans with lengths,
 * patterns, required and additionalProperties; strings with a pattern), for {@link FastRequestValidator}: it only
 * ever <em>accepts</em> what the schema accepts, and anything it does not accept goes to the library's validator,
 * which then finds and words the error exactly as before. A schema using any other keyword is not compiled at all
 * ({@link #compile} answers null) and the library validates it every time. Why: the library walks the schema
 * generically on every request; for a 2 KiB deposit that walk plus the library's own parse of the body was 27 % of
 * the event loop's samples ({@code git show baafc61:docs/BENCHMARKS.md}, "Deposit path, session 3").
 */
interface PlainSchema {

    /** True only if {@code value} (as Vert.x JSON: JsonObject, String, Boolean, Number, null) satisfies the schema. */
    boolean accepts(Object value);

    /**
     * Keys that change nothing to what a schema accepts: annotations, and the base URI vertx-json-schema marks each
     * parsed schema with.
     */
    Set<String> ANNOTATIONS = Set.of("description", "title", "example", "examples", "__absolute_uri__");

    /** Keywords this compiler understands, annotations included. */
    Set<String> KEYWORDS = Set.of("type", "description", "title", "example", "examples", "__absolute_uri__",
            "minLength", "maxLength", "pattern", "properties", "required", "additionalProperties");

    /**
     * The check for {@code schema}, resolving local {@code $ref}s ({@code #/...}) against {@code root}; null when
     * the schema uses anything this compiler does not understand exactly.
     */
    static PlainSchema compile(Object schema, JsonObject root) {
        return compile(schema, root, 0);
    }

    /** The {@code type} of {@code schema} after local {@code $ref}s, or null. */
    static String type(Object schema, JsonObject root) {
        return deref(schema, root) instanceof JsonObject s && s.getValue("type") instanceof String t ? t : null;
    }

    private static PlainSchema compile(Object node, JsonObject root, int depth) {
        if (!(node instanceof JsonObject s) || depth > 8) {
            return null;
        }
        if (s.containsKey("$ref")) {
            return s.size() == 1 && s.getValue("$ref") instanceof String ref
                    ? compile(resolve(root, ref), root, depth + 1) : null;
        }
        if (!KEYWORDS.containsAll(s.fieldNames()) || !(s.getValue("type") instanceof String type)) {
            return null;
        }
        return switch (type) {
            case "string" -> string(s);
            case "boolean" -> s.fieldNames().stream().allMatch(k -> k.equals("type") || ANNOTATIONS.contains(k))
                    ? v -> v instanceof Boolean : null;
            case "object" -> object(s, root, depth);
            default -> null;
        };
    }

    private static PlainSchema string(JsonObject s) {
        if (s.containsKey("properties") || s.containsKey("required") || s.containsKey("additionalProperties")) {
            return null;
        }
        Object min = s.getValue("minLength");
        Object max = s.getValue("maxLength");
        Object pattern = s.getValue("pattern");
        if ((min != null && !(min instanceof Integer)) || (max != null && !(max instanceof Integer))
                || (pattern != null && !(pattern instanceof String))) {
            return null;
        }
        int lo = min == null ? 0 : (Integer) min;
        int hi = max == null ? Integer.MAX_VALUE : (Integer) max;
        // matches(), not find(): a whole-string match is a match under either reading of an unanchored pattern.
        Pattern p = pattern == null ? null : Pattern.compile((String) pattern);
        boolean bounded = lo > 0 || hi < Integer.MAX_VALUE;
        return v -> {
            if (!(v instanceof String str)) {
                return false;
            }
            if (bounded) {
                // Lengths count code points in JSON Schema: a string with surrogates is left to the library.
                int n = str.length();
                if (str.codePointCount(0, n) != n || n < lo || n > hi) {
                    return false;
                }
            }
            return p == null || p.matcher(str).matches();
        };
    }

    private static PlainSchema object(JsonObject s, JsonObject root, int depth) {
        if (s.containsKey("minLength") || s.containsKey("maxLength") || s.containsKey("pattern")) {
            return null;
        }
        Map<String, PlainSchema> properties = new HashMap<>();
        if (s.getValue("properties") != null) {
            if (!(s.getValue("properties") instanceof JsonObject props)) {
                return null;
            }
            for (String name : props.fieldNames()) {
                PlainSchema p = compile(props.getValue(name), root, depth + 1);
                if (p == null) {
                    return null;
                }
                properties.put(name, p);
            }
        }
        List<Object> required = List.of();
        if (s.getValue("required") != null) {
            if (!(s.getValue("required") instanceof JsonArray r) || !r.stream().allMatch(String.class::isInstance)) {
                return null;
            }
            required = r.getList();
        }
        Object additional = s.getValue("additionalProperties");
        if (additional != null && !(additional instanceof Boolean)) {
            return null;
        }
        boolean closed = Boolean.FALSE.equals(additional);
        List<Object> mustHave = List.copyOf(required);
        return v -> {
            if (!(v instanceof JsonObject o)) {
                return false;
            }
            for (Object name : mustHave) {
                if (!o.containsKey((String) name)) {
                    return false;
                }
            }
            for (String name : o.fieldNames()) {
                PlainSchema p = properties.get(name);
                if (p == null ? closed : !p.accepts(o.getValue(name))) {
                    return false;
                }
            }
            return true;
        };
    }

    /** {@code node} itself, or what its local {@code $ref} points to (after at most 8 hops), or null. */
    static Object deref(Object node, JsonObject root) {
        for (int i = 0; i < 8 && node instanceof JsonObject s && s.getValue("$ref") instanceof String ref; i++) {
            node = s.size() == 1 ? resolve(root, ref) : null;
        }
        return node instanceof JsonObject s && s.containsKey("$ref") ? null : node;
    }

    /**
     * A reference into this contract: {@code #/...} as written, or {@code app:///#/...} as vertx-openapi rewrites
     * them; anything else (another document) is not resolved.
     */
    private static Object resolve(JsonObject root, String ref) {
        int hash = ref.indexOf('#');
        if (hash < 0 || !(hash == 0 || ref.substring(0, hash).equals("app:///")) || !ref.startsWith("/", hash + 1)) {
            return null;
        }
        Object node = root;
        for (String part : ref.substring(hash + 2).split("/", -1)) {
            String key = part.replace("~1", "/").replace("~0", "~");
            if (!(node instanceof JsonObject o)) {
                return null;
            }
            node = o.getValue(key);
        }
        return node;
    }
}
