package dev.visor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's dissection section alone on the built-in model: its table, its links, its time. */
class DissectSectionTest {
    @TempDir
    Path out;

    @Test
    void dissectsTheLastTwoConvActivationsAndLinksTheirPages() throws Exception {
        long t0 = System.nanoTime();
        Path index = new DemoJob(List.of(new DissectSection())).run(new DemoSettings("builtin:fashion-cnn", null, List.of(), out, 0), s -> { });
        System.out.printf("dissect section: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        String html = Files.readString(index);
        assertThat(html).contains("<h2>Network dissection</h2>", "relu1", "relu2").doesNotContain("relu_fc1");
        for (String layer : List.of("relu1", "relu2")) {
            assertThat(html).contains("dissect/" + layer + "/index.html");
            assertThat(out.resolve("dissect/" + layer + "/index.html")).isRegularFile();
            assertThat(out.resolve("dissect/" + layer + "/tally.csv")).isRegularFile();
        }
        assertThat(out.resolve("dissect/unique-detectors.png")).isRegularFile();
        assertThat(Files.readAllLines(out.resolve("dissect/probe/index.csv"))).hasSize(DissectSection.IMAGES + 1);
    }
}
