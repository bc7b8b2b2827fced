package dev.visor.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 15, must-show 1: the served app in a real browser (Debian chromium + chromedriver, headless; no
 * browser download, no Selenium Manager). Picks a layer and a unit of builtin:fashion-cnn, starts a short
 * render, sees intermediate images stream in, waits for the end and checks the final image is shown and is not
 * blank (pixel variance read back from a canvas, and from the PNG itself); then attributes a sample image. Screenshot:
 * {@code visor-serve/target/serve-browser.png}.
 */
class ServeBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path tmp;

    @Test
    void rendersAUnitInTheBrowser() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "chromium and chromium-driver are installed by scripts/setup.sh");
        try (ServeFixture f = new ServeFixture(tmp.resolve("runs"), 1, 8, "fashion-mnist")) {
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeOptions o = new ChromeOptions();
            o.setBinary(CHROMIUM.toFile());
            o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1280,900", "--user-data-dir=" + tmp.resolve("chrome"));
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
            o.setCapability("goog:loggingPrefs", logs);
            ChromeDriver d = new ChromeDriver(service, o);
            try {
                WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(120));
                d.get(f.base() + "/");
                wait.until(x -> new Select(x.findElement(By.id("layer"))).getOptions().size() > 5);
                new Select(d.findElement(By.id("layer"))).selectByValue("conv2");
                wait.until(x -> x.findElements(By.cssSelector("#units button")).size() == 64);
                d.findElement(By.cssSelector("#units button[data-unit='11']")).click();
                assertThat(d.findElement(By.id("unit")).getDomProperty("value")).isEqualTo("11");
                WebElement steps = d.findElement(By.id("steps"));
                steps.clear();
                steps.sendKeys("48");
                d.findElement(By.id("start")).click();
                wait.until(x -> {
                    String s = x.findElement(By.id("state")).getText();
                    assertThat(s).isNotIn("failed", "cancelled");
                    return s.equals("done");
                });
                wait.until(x -> (Boolean) ((JavascriptExecutor) x).executeScript(
                        "const i = document.getElementById('final'); return i.complete && i.naturalWidth > 0;"));
                String live = d.findElement(By.id("live")).getDomAttribute("src");
                assertThat(live).as("an intermediate image was streamed").startsWith("data:image/png;base64,");
                String src = d.findElement(By.id("final")).getDomAttribute("src");
                assertThat(src).startsWith("/runs/conv2-11-").endsWith("/00_conv2_11.png");
                double variance = ((Number) ((JavascriptExecutor) d).executeScript(
                        "const i = document.getElementById('final');"
                        + "const c = document.createElement('canvas'); c.width = i.naturalWidth; c.height = i.naturalHeight;"
                        + "const g = c.getContext('2d'); g.drawImage(i, 0, 0);"
                        + "const p = g.getImageData(0, 0, c.width, c.height).data; let s = 0, s2 = 0, n = 0;"
                        + "for (let k = 0; k < p.length; k += 4) { s += p[k]; s2 += p[k] * p[k]; n++; }"
                        + "const m = s / n; return s2 / n - m * m;")).doubleValue();
                assertThat(variance).as("grey-level variance of the shown image").isGreaterThan(20);
                HttpResponse<byte[]> png = f.http.send(HttpRequest.newBuilder(URI.create(f.base() + src)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
                assertThat(pngVariance(ImageIO.read(new ByteArrayInputStream(png.body())))).isEqualTo(variance,
                        org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, variance)));
                wait.until(x -> !x.findElements(By.cssSelector("#runs img")).isEmpty());

                // attribution of a sample image: the maps' grid replaces the final image
                new Select(d.findElement(By.id("method"))).selectByValue("attribute");
                d.findElement(By.cssSelector("#samples img[data-sample='5']")).click();
                assertThat(d.findElement(By.id("sample")).getDomProperty("value")).isEqualTo("5");
                d.findElement(By.id("start")).click();
                wait.until(x -> x.findElement(By.id("state")).getText().equals("done")
                        && String.valueOf(x.findElement(By.id("final")).getDomAttribute("src")).endsWith("/00_sample5_grid.png"));
                wait.until(x -> (Boolean) ((JavascriptExecutor) x).executeScript(
                        "const i = document.getElementById('final'); return i.complete && i.naturalWidth > 0;"));
                long gridWidth = (Long) ((JavascriptExecutor) d).executeScript("return document.getElementById('final').naturalWidth;");
                assertThat(gridWidth).as("input beside 4 maps").isGreaterThan(4 * 28);
                File shot = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE);
                Path target = Path.of("target", "serve-browser.png");
                Files.createDirectories(target.getParent());
                Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                List<LogEntry> errors = d.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()).toList();
                assertThat(errors).as("browser console errors").isEmpty();
            } finally {
                d.quit();
            }
        }
    }

    /** Variance of the red channel (= the grey level of these one-channel renders), as the page computes it. */
    private static double pngVariance(BufferedImage img) {
        double s = 0;
        double s2 = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int r = (img.getRGB(x, y) >> 16) & 0xff;
                s += r;
                s2 += (double) r * r;
                n++;
            }
        }
        double m = s / n;
        return s2 / n - m * m;
    }
}
