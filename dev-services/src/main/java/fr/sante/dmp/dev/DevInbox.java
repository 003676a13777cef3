package fr.sante.dmp.dev;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The dev inbox: what the embedded SMSC and SMTP server received, as a page ({@code GET /}) and as JSON
 * ({@code GET /api/messages?to=...}), and the ports of the servers behind it ({@code GET /api/servers}), so that the
 * platform's other processes send there too (one inbox per platform). Embedded mode only, bound to 127.0.0.1: it shows
 * personal data by design.
 */
public final class DevInbox {
    static final String SERVERS = fr.sante.dmp.devservices.DevServices.INBOX_SERVERS_PATH;

    private final Vertx vertx;
    private final Supplier<List<InboxMessage>> source;
    private final io.vertx.core.json.JsonObject servers;
    private HttpServer server;

    DevInbox(Vertx vertx, Supplier<List<InboxMessage>> source, int smppPort, int smtpPort) {
        this.vertx = vertx;
        this.source = source;
        this.servers = new io.vertx.core.json.JsonObject().put("smppPort", smppPort).put("smtpPort", smtpPort);
    }

    Future<DevInbox> listen(int port) {
        Router router = Router.router(vertx);
        router.get("/api/messages").handler(this::json);
        router.get(SERVERS).handler(ctx -> ctx.response().putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store").end(servers.encode()));
        router.get("/").handler(this::page);
        server = vertx.createHttpServer();
        return server.requestHandler(router).listen(port, "127.0.0.1").map(s -> this);
    }

    int port() {
        return server.actualPort();
    }

    Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** Messages for {@code to} (any if null), oldest first. Parsing e-mails is blocking: done on a worker. */
    Future<List<InboxMessage>> messages(String to) {
        String wanted = normalize(to);
        return vertx.executeBlocking(() -> source.get().stream()
                .filter(m -> wanted == null || wanted.equals(normalize(m.to())))
                .sorted(Comparator.comparing(InboxMessage::receivedAt))
                .toList());
    }

    /** '+' in a query string decodes to a space: "+336..." arrives as " 336...". Compare phones by digits. */
    static String normalize(String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        String s = address.trim();
        if (s.matches("\\+?[0-9 ]+")) {
            return "+" + s.replace(" ", "").replace("+", "");
        }
        return s.toLowerCase(Locale.ROOT);
    }

    private void json(RoutingContext ctx) {
        messages(ctx.request().getParam("to")).onSuccess(list -> {
            JsonArray a = new JsonArray();
            list.forEach(m -> a.add(m.toJson()));
            ctx.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                    .end(a.encode());
        }).onFailure(ctx::fail);
    }

    private void page(RoutingContext ctx) {
        messages(ctx.request().getParam("to")).onSuccess(list -> {
            StringBuilder b = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<title>DMP dev inbox</title><style>body{font-family:sans-serif;margin:2em}"
                    + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.4em;vertical-align:top}"
                    + "pre{white-space:pre-wrap;margin:0}</style></head><body><h1>Dev inbox</h1>"
                    + "<p>Everything the embedded SMSC and SMTP server received. JSON: <code>/api/messages?to=</code></p>"
                    + "<table><tr><th>Received</th><th>Channel</th><th>To</th><th>Subject</th><th>Body</th></tr>");
            for (int i = list.size() - 1; i >= 0; i--) { // newest first
                InboxMessage m = list.get(i);
                b.append("<tr><td>").append(esc(m.receivedAt().toString())).append("</td><td>").append(esc(m.channel()))
                        .append("</td><td>").append(esc(m.to())).append("</td><td>")
                        .append(esc(m.subject() == null ? "" : m.subject())).append("</td><td><pre>")
                        .append(esc(m.body() == null ? "" : m.body())).append("</pre></td></tr>");
            }
            b.append("</table></body></html>");
            ctx.response().putHeader("content-type", "text/html; charset=utf-8").putHeader("cache-control", "no-store")
                    .putHeader("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'")
                    .end(b.toString());
        }).onFailure(ctx::fail);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
