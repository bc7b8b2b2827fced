package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * {@code visor report} on small real runs of builtin:fashion-cnn (render-layer, render, top, facets, project,
 * attribute, invert, dissect, eval, sanity, sanity-render): every page's links and images resolve inside the site, and the site opens from
 * {@code file://} in headless Chromium with no console errors and every image decoded.
 */
class ReportCommandTest {
    static final String M = "builtin:fashion-cnn";
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern LINK = Pattern.compile("\\b(?:href|src)=\"([^\"]*)\"");

    @TempDir
    static Path tmp;
    static Path site;
    static CliRun report;

    @BeforeAll
    static void buildRunsAndSite() throws Exception {
        String cat = SharedData.images().resolve("chelsea.png").toString();
        Path runs = tmp.resolve("runs");
        ok("render-layer", "-m", M, "-l", "bn2", "--units", "0-3", "--steps", "4", "--quiet", "--out", runs.resolve("layer").toString());
        ok("render", "-m", M, "-o", "logit(2)", "-o", "bn2:1@5,5", "--steps", "4", "--quiet", "--out", runs.resolve("render").toString());
        ok("top", "-m", M, "--layer", "bn2", "--units", "0-3", "--limit", "100", "--k", "4", "--out", runs.resolve("top").toString());
        ok("top", "-m", M, "--layer", "bn2", "--units", "0-3", "--limit", "100", "--k", "4", "--patches", "--out",
                runs.resolve("patches").toString());
        ok("facets", "-m", M, "--data", "fashion-mnist:test", "-o", "bn2:1", "--facets", "2", "--top", "30", "--top-fraction", "0.003",
                "--steps", "4", "--quiet", "--out", runs.resolve("facets").toString());
        ok("project", "-m", M, "--image", cat, "--layer", "relu2", "--top-units", "3", "--out", runs.resolve("project").toString());
        ok("attribute", "-m", M, "--image", cat, "--method", "saliency,gradcam", "--out", runs.resolve("attribute").toString());
        ok("invert", "-m", M, "--image", cat, "--layer", "relu1", "--steps", "4", "--out", runs.resolve("invert").toString());
        ok("probe-set", "synth", "--images", "24", "--size", "28", "--out", tmp.resolve("probe").toString());
        ok("dissect", "-m", M, "--probe", tmp.resolve("probe").toString(), "--layer", "bn2", "--top", "1", "--out",
                runs.resolve("dissect").toString());
        ok("eval", "-m", M, "--limit", "200", "--plot", runs.resolve("eval/confusion.png").toString());
        ok("sanity", "-m", M, "--image", cat, "--method", "saliency", "--depth", "2", "--out", runs.resolve("sanity").toString());
        ok("sanity-render", "-m", M, "-o", "bn2:2", "--depth", "2", "--steps", "4", "--quiet", "--out",
                runs.resolve("sanity-render").toString());
        Files.writeString(runs.resolve("top/bn2/corrupt.json"), "{\"examples\": ");
        site = tmp.resolve("site");
        report = CliRun.of("report", "--runs", runs.toString(), "--out", site.toString());
    }

    private static void ok(String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.status()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(0);
    }

    @Test
    void everyLinkAndImageOfEveryPageResolvesInsideTheSite() throws Exception {
        assertThat(report.status()).as(report.err()).isEqualTo(0);
        assertThat(report.out().strip()).isEqualTo("gallery: " + site.resolve("index.html").toAbsolutePath());
        assertThat(report.errLines()).anyMatch(l -> l.startsWith("visor: warning: skipped ") && l.contains("corrupt.json"));
        Path root = site.toRealPath();
        Set<Path> pages = new LinkedHashSet<>();
        Deque<Path> todo = new ArrayDeque<>(List.of(root.resolve("index.html")));
        List<String> broken = new ArrayList<>();
        int links = 0;
        StringBuilder all = new StringBuilder();
        while (!todo.isEmpty()) {
            Path page = todo.pop();
            if (!pages.add(page)) {
                continue;
            }
            String html = Files.readString(page);
            all.append(html);
            Matcher m = LINK.matcher(html);
            while (m.find()) {
                String ref = m.group(1);
                if (ref.startsWith("data:")) {
                    continue;
                }
                links++;
                String path = URLDecoder.decode(ref.replaceFirst("#.*$", ""), StandardCharsets.UTF_8);
                Path target = page.getParent().resolve(path).normalize();
                if (ref.contains("://") || ref.startsWith("/") || !target.startsWith(root) || !Files.isRegularFile(target)) {
                    broken.add(root.relativize(page) + " -> " + ref);
                } else if (target.toString().endsWith(".html")) {
                    todo.add(target);
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
        assertThat(links).isGreaterThan(200);
        // every page of the site is reachable from the index
        try (Stream<Path> s = Files.walk(root)) {
            assertThat(s.filter(p -> p.toString().endsWith(".html")).toList()).containsExactlyInAnyOrderElementsOf(pages);
        }
        String m = "builtin_fashion-cnn/";
        assertThat(root.resolve(m + "bn2/unit_0001.html")).isRegularFile();
        String unit1 = Files.readString(root.resolve(m + "bn2/unit_0001.html"));
        for (String kind : List.of("render", "facets", "top", "dissection")) {
            assertThat(unit1).as(kind).contains("kind-" + kind);
        }
        assertThat(unit1).contains("Top dataset patches").contains("Activation maximisation (one neuron)").contains("IoU");
        assertThat(Files.readString(root.resolve(m + "classes/unit_0002.html"))).contains("logit(2)");
        assertThat(Files.readString(root.resolve(m + "relu1/index.html"))).contains("kind-inversion");
        assertThat(all).contains("kind-projection");
        assertThat(Files.readString(root.resolve(m + "index.html"))).contains("kind-attribution").contains("kind-evaluation")
                .contains("kind-sanity");
        assertThat(Files.readString(root.resolve(m + "bn2/unit_0002.html"))).contains("kind-render-cascade");
    }

    @Test
    void noRunsIsOneLineAndExitTwo() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun r = CliRun.of("report", "--runs", empty.toString(), "--out", tmp.resolve("nosite").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("visor: no Visor runs found in");
    }

    @Test
    void opensFromFileUrlWithNoConsoleErrorsAndEveryImageLoaded() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "needs chromium and chromium-driver (`make setup` installs them)");
        assertThat(report.status()).isEqualTo(0);
        WebDriver driver = chrome();
        try {
            // The check can fail: a page with a missing image logs a console error.
            Path bad = tmp.resolve("bad.html");
            Files.writeString(bad, "<!DOCTYPE html><title>bad</title><img src=\"missing.png\">");
            driver.get(bad.toUri().toString());
            waitForImages(driver);
            assertThat(errors(driver)).isNotEmpty();

            Path artefacts = Files.createDirectories(Path.of("target", "gallery-screenshots"));
            List<Path> pages;
            try (Stream<Path> s = Files.walk(site)) {
                pages = s.filter(p -> p.toString().endsWith(".html")).sorted().toList();
            }
            int images = 0;
            for (Path page : pages) {
                driver.get(page.toUri().toString());
                waitForImages(driver);
                Object notLoaded = ((JavascriptExecutor) driver).executeScript(
                        "return Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)");
                assertThat((List<?>) notLoaded).as("images not loaded on " + page).isEmpty();
                images += ((Number) ((JavascriptExecutor) driver).executeScript("return document.images.length")).intValue();
                assertThat(errors(driver)).as("console errors on " + page).isEmpty();
            }
            assertThat(images).isGreaterThan(50);

            driver.get(site.resolve("builtin_fashion-cnn/bn2/unit_0001.html").toUri().toString());
            waitForImages(driver);
            shot(driver, artefacts.resolve("unit-light.png"));
            String before = background(driver);
            driver.findElement(By.id("theme-toggle")).click();
            assertThat(((JavascriptExecutor) driver).executeScript("return document.documentElement.getAttribute('data-theme')")).isEqualTo("dark");
            assertThat(background(driver)).isNotEqualTo(before);
            shot(driver, artefacts.resolve("unit-dark.png"));
            driver.get(site.resolve("builtin_fashion-cnn/bn2/index.html").toUri().toString());
            waitForImages(driver);
            shot(driver, artefacts.resolve("layer.png"));
            assertThat(errors(driver)).isEmpty();

            // A 1 000-unit layer: the page is usable before its images arrive; only those near the viewport are fetched.
            Path big = tmp.resolve("big-run");
            for (int u = 0; u < 1000; u++) {
                plantRender(big, u);
            }
            CliRun r = CliRun.of("report", "--runs", big.toString(), "--out", tmp.resolve("big-site").toString());
            assertThat(r.status()).as(r.err()).isEqualTo(0);
            driver.get(tmp.resolve("big-site/planted/conv9/index.html").toUri().toString());
            JavascriptExecutor js = (JavascriptExecutor) driver;
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"complete".equals(js.executeScript("return document.readyState")) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(((Number) js.executeScript("return document.images.length")).intValue()).isEqualTo(1000);
            String loaded = "return Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length";
            while (((Number) js.executeScript(loaded)).intValue() == 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            Thread.sleep(500);
            int fetched = ((Number) js.executeScript(loaded)).intValue();
            Number loadMs = (Number) js.executeScript("const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime");
            System.err.println("gallery: 1000-unit layer page loaded in " + loadMs + " ms, " + fetched + " of 1000 thumbnails loaded");
            assertThat(fetched).isGreaterThan(0).isLessThan(500);
            // scrolled to the end, the last unit's thumbnail loads
            js.executeScript("document.images[999].scrollIntoView()");
            String last = "return document.images[999].complete && document.images[999].naturalWidth > 0";
            while (!Boolean.TRUE.equals(js.executeScript(last)) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(js.executeScript(last)).isEqualTo(true);
            assertThat(errors(driver)).isEmpty();
        } finally {
            driver.quit();
        }
    }

    /** A render sidecar and its 28-px PNG, with the fields `render-layer` writes that the gallery reads. */
    private static void plantRender(Path dir, int unit) throws Exception {
        String stem = String.format("conv9_%04d", unit);
        Files.createDirectories(dir);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_INT_RGB);
        img.setRGB(unit % 28, unit / 28 % 28, 0xffffff);
        javax.imageio.ImageIO.write(img, "png", dir.resolve(stem + ".png").toFile());
        Files.writeString(dir.resolve(stem + ".json"), "{\"image\": \"" + stem + ".png\", \"model\": \"planted\", \"objective\": \"conv9:"
                + unit + "\", \"steps_run\": 1, \"settings\": {\"steps\": 1}}");
    }

    /** Headless Chromium through the system's chromedriver: no Selenium Manager, no download. */
    static WebDriver chrome() {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    /** Waits until the page and all its images have loaded; lazy images below the fold are made eager first. */
    private static void waitForImages(WebDriver driver) throws InterruptedException {
        ((JavascriptExecutor) driver).executeScript("document.querySelectorAll('img').forEach(i => i.loading = 'eager')");
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "return document.readyState === 'complete' && Array.from(document.images).every(i => i.complete)"))) {
            assertThat(System.nanoTime()).as("images still loading after 30 s on " + driver.getCurrentUrl()).isLessThan(end);
            Thread.sleep(50);
        }
    }

    private static List<String> errors(WebDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::toString).toList();
    }

    private static String background(WebDriver driver) {
        return (String) ((JavascriptExecutor) driver).executeScript("return getComputedStyle(document.body).backgroundColor");
    }

    private static void shot(WebDriver driver, Path file) throws Exception {
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
