package fr.sante.dmp.pwa.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium through the system chromedriver, on a phone-sized viewport (390x844). Runs axe-core
 * on demand and saves full-page screenshots under docs/screenshots/.
 */
public final class Chromium implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");
    private static final String AXE = load("/axe/axe.min.js");
    public final ChromeDriver driver;
    private final Path profile;
    private final String base;

    public Chromium(String base) {
        this.base = base;
        try {
            this.profile = Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=390,844", "--lang=fr-FR");
        // Console messages, to catch anything the CSP blocked (an inline style or script would show here).
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    public void open(String path) {
        driver.get(base + path);
        waitForLoad();
    }

    public void waitForLoad() {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> "complete".equals(
                ((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /** Waits until htmx has no request in flight and the element is present. */
    public WebElement waitFor(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    /** Types a date into an {@code <input type=date>} whatever the locale's field order. */
    public void setDate(String css, String isoDate) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", find(css), isoDate);
    }

    public String text() {
        return find("body").getText();
    }

    /** axe-core on the current page: the serious and critical violations, as readable lines. */
    public List<String> seriousViolations() {
        JavascriptExecutor js = driver;
        js.executeScript(AXE);
        Object raw = js.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(function (r) { done(JSON.stringify(r.violations)); })"
                + ".catch(function (e) { done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])); });");
        JsonArray violations = new JsonArray((String) raw);
        List<String> serious = new ArrayList<>();
        for (int i = 0; i < violations.size(); i++) {
            JsonObject v = violations.getJsonObject(i);
            String impact = v.getString("impact", "");
            if (impact.equals("serious") || impact.equals("critical")) {
                JsonArray nodes = v.getJsonArray("nodes", new JsonArray());
                List<String> targets = new ArrayList<>();
                for (int n = 0; n < nodes.size(); n++) {
                    targets.add(nodes.getJsonObject(n).getValue("target").toString());
                }
                serious.add(v.getString("id") + " (" + impact + "): " + v.getString("help") + " " + targets);
            }
        }
        return serious;
    }

    public void assertAccessible(String pageName) {
        assertThat(seriousViolations()).as("axe-core serious/critical violations on " + pageName).isEmpty();
        assertThat(consoleErrors()).as("console errors (CSP violations included) on " + pageName).isEmpty();
    }

    /**
     * Severe console messages since the last call (CSP violations are reported there), except the 4xx answers that
     * tests provoke on purpose (a form with an error is a 400).
     */
    public List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (var entry : driver.manage().logs().get("browser")) {
            String message = entry.getMessage();
            boolean intendedClientError = message.matches(".*Failed to load resource: the server responded with a status of 4\\d\\d.*");
            if (message.contains("Content Security Policy")
                    || entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue() && !intendedClientError) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    /** Full-page PNG (beyond the viewport) into docs/screenshots/NAME.png. */
    public void screenshot(String name) {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        double height = Math.max(844, ((Number) size.get("height")).doubleValue());
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", 390, "height", height, "scale", 1)));
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    public Object asyncScript(String js, Object... args) {
        return driver.executeAsyncScript(js, args);
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir, best effort
        }
    }

    private static String load(String resource) {
        try (InputStream in = Chromium.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
