package fr.sante.dmp.pwa.support;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP client that keeps cookies like a browser on localhost would (Secure and __Host- cookies included, which
 * Vert.x's own cookie store drops over plain HTTP), and knows the page's CSRF token.
 */
public final class Browserless {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]*)\"");
    private final WebClient client;
    private final String base;
    public final Map<String, String> cookies = new LinkedHashMap<>();
    public String csrf = "";

    public Browserless(TestApp app) {
        this.client = WebClient.create(app.vertx, new WebClientOptions().setFollowRedirects(false));
        this.base = app.base();
    }

    public HttpResponse<Buffer> get(String path) {
        return send(HttpMethod.GET, path, null, Map.of());
    }

    public HttpResponse<Buffer> post(String path, MultiMap form) {
        return post(path, form, Map.of());
    }

    public HttpResponse<Buffer> post(String path, MultiMap form, Map<String, String> headers) {
        MultiMap withToken = MultiMap.caseInsensitiveMultiMap().addAll(form);
        if (!withToken.contains("_csrf")) {
            withToken.add("_csrf", csrf);
        }
        return send(HttpMethod.POST, path, withToken, headers);
    }

    /** A JSON POST as passkey.js sends it: the CSRF token in the header when {@code withToken}. */
    public HttpResponse<Buffer> postJson(String path, io.vertx.core.json.JsonObject body, boolean withToken) {
        var req = client.requestAbs(HttpMethod.POST, base + path).putHeader("Content-Type", "application/json");
        if (withToken) {
            req.putHeader("X-CSRF-Token", csrf);
        }
        if (!cookies.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            cookies.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            req.putHeader("Cookie", sb.toString());
        }
        return TestApp.await(req.sendBuffer(body.toBuffer()));
    }

    public HttpResponse<Buffer> send(HttpMethod method, String path, MultiMap form, Map<String, String> headers) {
        var req = client.requestAbs(method, base + path);
        headers.forEach(req::putHeader);
        if (!cookies.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            cookies.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            req.putHeader("Cookie", sb.toString());
        }
        HttpResponse<Buffer> r = TestApp.await(form == null ? req.send() : req.sendForm(form));
        for (String setCookie : r.headers().getAll("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            if (value.isEmpty() || setCookie.toLowerCase().contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        String body = r.bodyAsString();
        if (body != null) {
            Matcher m = CSRF.matcher(body);
            if (m.find()) {
                csrf = m.group(1);
            }
        }
        return r;
    }
}
