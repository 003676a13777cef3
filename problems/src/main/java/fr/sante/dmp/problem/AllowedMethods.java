package fr.sante.dmp.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods the contract declares for each path, so that a 405 names them in {@code Allow} (RFC 9110 §15.5.6: a
 * 405 must carry it; spec-driven fuzzing flagged its absence). Read once from the contract at start-up.
 */
public final class AllowedMethods {
    public static final AllowedMethods NONE = new AllowedMethods(Map.of());
    private static final Set<String> VERBS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final Map<Pattern, Set<String>> byPath;

    private AllowedMethods(Map<Pattern, Set<String>> byPath) {
        this.byPath = byPath;
    }

    /** From a contract on the class path (blocking: call it on a worker). */
    @SuppressWarnings("unchecked")
    public static AllowedMethods fromClasspath(String resource) {
        try (InputStream in = AllowedMethods.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            Map<String, Object> contract = new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
            return of((Map<String, Map<String, Object>>) contract.get("paths"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AllowedMethods of(Map<String, Map<String, Object>> paths) {
        Map<Pattern, Set<String>> byPath = new LinkedHashMap<>();
        paths.forEach((template, operations) -> {
            Set<String> methods = new TreeSet<>();
            operations.keySet().stream().filter(VERBS::contains)
                    .forEach(m -> methods.add(m.toUpperCase(Locale.ROOT)));
            String regex = List.of(template.split("\\{[^}/]+}", -1)).stream().map(Pattern::quote)
                    .reduce((a, b) -> a + "[^/]+" + b).orElse("");
            byPath.put(Pattern.compile(regex), Set.copyOf(methods));
        });
        return new AllowedMethods(byPath);
    }

    /** The {@code Allow} value for this request path, empty when the contract does not know the path. */
    public String allow(String path) {
        Set<String> methods = new TreeSet<>();
        byPath.forEach((pattern, m) -> {
            if (pattern.matcher(path).matches()) {
                methods.addAll(m);
            }
        });
        return String.join(", ", methods);
    }
}
