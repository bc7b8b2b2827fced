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
        // the added time: the same job with and without the section, after one warm-up run of the model section
        DemoSettings settings = new DemoSettings("builtin:fashion-cnn", null, List.of(), out, 0);
        new DemoJob(List.of(new ModelSection())).run(settings, s -> { });
        long t0 = System.nanoTime();
        new DemoJob(List.of(new ModelSection())).run(settings, s -> { });
        long t1 = System.nanoTime();
        Path index = new DemoJob(List.of(new ModelSection(), new DissectSection())).run(settings, s -> { });
        long t2 = System.nanoTime();
        System.out.printf("demo: model section %.1f s, model + dissect sections %.1f s: dissection adds %.1f s%n", (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, ((t2 - t1) - (t1 - t0)) / 1e9);
        String html = Files.readString(index);
        String section = html.substring(html.indexOf("<h2>Network dissection</h2>"));
        assertThat(section).contains("relu1", "relu2").doesNotContain("relu_fc1");
        for (String layer : List.of("relu1", "relu2")) {
            assertThat(html).contains("dissect/" + layer + "/index.html");
            assertThat(out.resolve("dissect/" + layer + "/index.html")).isRegularFile();
            assertThat(out.resolve("dissect/" + layer + "/tally.csv")).isRegularFile();
        }
        assertThat(out.resolve("dissect/unique-detectors.png")).isRegularFile();
        assertThat(Files.readAllLines(out.resolve("dissect/probe/index.csv"))).hasSize(DissectSection.IMAGES + 1);
    }
}
