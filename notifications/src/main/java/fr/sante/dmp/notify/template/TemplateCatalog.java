package fr.sante.dmp.notify.template;

import fr.sante.dmp.notify.outbox.Language;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * French and English message templates, loaded once from {@code templates_*.properties} beside this class.
 * Placeholders are {@code {name}}; each template declares its parameters and their {@link ParamType}.
 */
public final class TemplateCatalog {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    private final Map<String, Map<String, ParamType>> params = new LinkedHashMap<>();
    private final Map<Language, Properties> texts = new EnumMap<>(Language.class);

    private TemplateCatalog() {
        Properties decl = load("templates.properties");
        for (String name : decl.stringPropertyNames()) {
            if (!name.endsWith(".params")) {
                continue;
            }
            Map<String, ParamType> types = new LinkedHashMap<>();
            for (String p : decl.getProperty(name).split(",")) {
                String[] nameType = p.split(":");
                types.put(nameType[0].trim(), ParamType.parse(nameType[1]));
            }
            params.put(name.substring(0, name.length() - ".params".length()), java.util.Collections.unmodifiableMap(types));
        }
        for (Language l : Language.values()) {
            Properties p = load("templates_" + l.name() + ".properties");
            for (String id : params.keySet()) {
                for (String part : new String[] {"sms", "subject", "text"}) {
                    if (p.getProperty(id + "." + part) == null) {
                        throw new IllegalStateException("template " + id + "." + part + " missing for " + l);
                    }
                }
            }
            texts.put(l, p);
        }
    }

    /** Loads the built-in catalogue (fails fast at start-up if a template is missing). */
    public static TemplateCatalog load() {
        return new TemplateCatalog();
    }

    public Set<String> templateIds() {
        return params.keySet();
    }

    /** Throws IllegalArgumentException naming the field when the template is unknown or a parameter is missing/invalid. */
    public void validate(String templateId, Map<String, String> values) {
        Map<String, ParamType> types = params.get(templateId);
        if (types == null) {
            throw new IllegalArgumentException("templateId: unknown template");
        }
        for (Map.Entry<String, ParamType> t : types.entrySet()) {
            String v = values.get(t.getKey());
            if (v == null) {
                throw new IllegalArgumentException("params." + t.getKey() + ": missing");
            }
            t.getValue().check(t.getKey(), v);
        }
        for (String k : values.keySet()) {
            if (!types.containsKey(k)) {
                throw new IllegalArgumentException("params." + k + ": not a parameter of " + templateId);
            }
        }
    }

    public RenderedMessage render(String templateId, Language language, Map<String, String> values) {
        validate(templateId, values);
        Map<String, ParamType> types = params.get(templateId);
        Map<String, String> shown = new LinkedHashMap<>();
        types.forEach((k, t) -> shown.put(k, t.display(values.get(k), language)));
        Properties p = texts.get(language);
        String text = fill(p.getProperty(templateId + ".text"), shown);
        return new RenderedMessage(
                fill(p.getProperty(templateId + ".sms"), shown),
                fill(p.getProperty(templateId + ".subject"), shown),
                text,
                html(text, language),
                first(types, values, ParamType.URL),
                first(types, values, ParamType.CODE));
    }

    /** The value of the template's first parameter of that type (a letter's QR link, its code), or null. */
    private static String first(Map<String, ParamType> types, Map<String, String> values, ParamType type) {
        for (Map.Entry<String, ParamType> t : types.entrySet()) {
            if (t.getValue() == type) {
                return values.get(t.getKey());
            }
        }
        return null;
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("template uses undeclared parameter " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The HTML part: the same plain text, escaped, one paragraph per blank-line block, https links clickable. */
    private static String html(String text, Language language) {
        StringBuilder b = new StringBuilder(text.length() * 2);
        b.append("<!DOCTYPE html><html lang=\"").append(language.name()).append("\"><head><meta charset=\"utf-8\"></head>")
                .append("<body style=\"font-family:sans-serif;font-size:16px;line-height:1.5\">");
        for (String para : text.split("\n\n")) {
            String escaped = escape(para).replace("\n", "<br>");
            escaped = escaped.replaceAll("(https://[^\\s<]+|http://localhost[^\\s<]*)", "<a href=\"$1\">$1</a>");
            b.append("<p>").append(escaped).append("</p>");
        }
        return b.append("</body></html>").toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static Properties load(String resource) {
        try (InputStream in = TemplateCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing template resource " + resource);
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
