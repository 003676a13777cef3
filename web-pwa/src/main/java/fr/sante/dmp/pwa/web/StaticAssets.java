package fr.sante.dmp.pwa.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The app shell's static files, read once into memory at construction (start-up, not on an event loop) and served
 * under {@code /assets/<version>/} with a year of immutable caching; the version is a hash of their bytes, so a new
 * build changes every URL and the service worker's cache name together. htmx comes from its webjar (no CDN).
 */
public final class StaticAssets {

    private static final String HTMX = "htmx.min.js";
    private static final List<String> OWN = List.of("app.css", "app.js", "passkey.js", "icons/icon-192.png", "icons/icon-512.png",
            "icons/icon-maskable-192.png", "icons/icon-maskable-512.png");

    private final Map<String, Buffer> files = new LinkedHashMap<>();
    private final String version;
    private final Buffer serviceWorker;
    private final Buffer manifest;

    public StaticAssets() {
        for (String name : OWN) {
            files.put(name, Buffer.buffer(read("pwa/" + name)));
        }
        files.put(HTMX, Buffer.buffer(read(htmxPath())));
        this.version = hash(files);
        this.serviceWorker = Buffer.buffer(new String(read("pwa/sw.js"), StandardCharsets.UTF_8)
                .replace("__VERSION__", version)
                .replace("__ASSETS__", base() + "/")
                .replace("__OFFLINE__", Paths.OFFLINE)
                .replace("__PRECACHE__", precacheList()));
        this.manifest = Buffer.buffer(manifestJson().encodePrettily());
    }

    public String version() {
        return version;
    }

    /** {@code /assets/<version>}: prefix of every versioned asset URL. */
    public String base() {
        return Paths.ASSETS + "/" + version;
    }

    public void mount(Router router) {
        router.get(Paths.ASSETS + "/:version/*").handler(this::serveAsset);
        router.get(Paths.SERVICE_WORKER).handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/javascript; charset=utf-8")
                // The browser must always see a new worker (and so a new shell) right after a deployment.
                .putHeader("Cache-Control", "no-cache")
                .end(serviceWorker));
        router.get(Paths.MANIFEST).handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/manifest+json")
                .putHeader("Cache-Control", "no-cache")
                .end(manifest));
    }

    private void serveAsset(RoutingContext ctx) {
        String name = ctx.pathParam("*");
        Buffer body = version.equals(ctx.pathParam("version")) ? files.get(name) : null;
        if (body == null) {
            ctx.response().setStatusCode(404).putHeader("Cache-Control", "no-store").end();
            return;
        }
        ctx.response().putHeader("Content-Type", contentType(name))
                .putHeader("Cache-Control", "public, max-age=31536000, immutable")
                .end(body);
    }

    private String precacheList() {
        JsonArray list = new JsonArray();
        files.keySet().stream().filter(n -> !n.contains("maskable-512")).forEach(n -> list.add(base() + "/" + n));
        list.add(Paths.OFFLINE);
        return list.encode();
    }

    private JsonObject manifestJson() {
        JsonArray icons = new JsonArray()
                .add(icon("icons/icon-192.png", "192x192", "any"))
                .add(icon("icons/icon-512.png", "512x512", "any"))
                .add(icon("icons/icon-maskable-192.png", "192x192", "maskable"))
                .add(icon("icons/icon-maskable-512.png", "512x512", "maskable"));
        return new JsonObject()
                .put("name", "Mon espace santé – dossier médical partagé")
                .put("short_name", "Espace santé")
                .put("description", "Votre dossier médical partagé : documents, confidentialité, historique des accès.")
                .put("lang", "fr")
                .put("dir", "ltr")
                .put("id", Paths.HOME)
                .put("start_url", Paths.DASHBOARD)
                .put("scope", Paths.HOME)
                .put("display", "standalone")
                .put("orientation", "any")
                .put("theme_color", "#000091")
                .put("background_color", "#ffffff")
                .put("icons", icons);
    }

    private JsonObject icon(String name, String sizes, String purpose) {
        return new JsonObject().put("src", base() + "/" + name).put("sizes", sizes).put("type", "image/png")
                .put("purpose", purpose);
    }

    private static String contentType(String name) {
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".png")) {
            return "image/png";
        }
        return "application/octet-stream";
    }

    private static String htmxPath() {
        Properties p = new Properties();
        try (InputStream in = open("META-INF/maven/org.webjars.npm/htmx.org/pom.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "META-INF/resources/webjars/htmx.org/" + p.getProperty("version") + "/dist/" + HTMX;
    }

    private static byte[] read(String resource) {
        try (InputStream in = open(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource);
        }
        return in;
    }

    private static String hash(Map<String, Buffer> files) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            files.forEach((name, body) -> {
                d.update(name.getBytes(StandardCharsets.UTF_8));
                d.update(body.getBytes());
            });
            return HexFormat.of().formatHex(d.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
