package fr.sante.dmp.pwa.info;

import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import io.vertx.core.http.HttpMethod;
import java.util.List;

/**
 * The pages every public service links from its footer: legal notice, personal data and cookies, and the
 * accessibility statement (RGAA 4.1, required by article 47 of law 2005-102). Open to anyone, the same for everyone;
 * their texts are in the message bundles (keys {@code info.<page>.<section>.title|text}, paragraphs split on new lines).
 */
public final class InfoPages {

    /** Page path, message-key prefix, its sections in order. */
    record Info(String path, String key, List<String> sections) {
    }

    static final List<Info> PAGES = List.of(
            new Info(Paths.LEGAL_NOTICE, "info.legal", List.of("editor", "hosting", "software", "law")),
            new Info(Paths.PERSONAL_DATA, "info.privacy", List.of("purpose", "basis", "data", "recipients",
                    "retention", "security", "rights", "cookies")),
            new Info(Paths.ACCESSIBILITY, "info.a11y", List.of("commitment", "status", "tests", "exceptions",
                    "contact", "appeal")));

    private final PageRenderer views;

    public InfoPages(PageRenderer views) {
        this.views = views;
    }

    public void mount(Routes routes) {
        for (Info info : PAGES) {
            routes.open(HttpMethod.GET, info.path(), ctx -> views.send(ctx, 200, "pages/info.jte",
                    views.page(ctx, info.key()), "key", info.key(), "sections", info.sections()));
        }
    }
}
