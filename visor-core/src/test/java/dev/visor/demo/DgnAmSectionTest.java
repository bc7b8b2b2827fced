package dev.visor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's DGN-AM row beside the pixel-space class renders: both realism scores and judge rates in one table,
 * one render per class, and the section's added time; absent for other models.
 */
class DgnAmSectionTest {
    @TempDir
    Path out;

    @Test
    void addsADgnAmClassRowWithBothRealismScores() throws Exception {
        DemoSettings settings = new DemoSettings("builtin:fashion-cnn", "fashion-mnist", List.of(), out, 0);
        new DemoJob(List.of(new ModelSection())).run(settings, s -> { });
        long t0 = System.nanoTime();
        new DemoJob(List.of(new ModelSection(), new RenderSection())).run(settings, s -> { });
        long t1 = System.nanoTime();
        Path index = new DemoJob(List.of(new ModelSection(), new RenderSection(), new DgnAmSection())).run(settings, s -> { });
        long t2 = System.nanoTime();
        System.out.printf("demo: model + render sections %.1f s, + DGN-AM %.1f s: DGN-AM adds %.1f s%n", (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, ((t2 - t1) - (t1 - t0)) / 1e9);
        String html = Files.readString(index);
        String section = html.substring(html.indexOf("DGN-AM: class renders"));
        assertThat(section).contains("DGN-AM (builtin:fashion-generator)").contains("pixel-space AM").contains(" ± ");
        for (int c = 0; c < 10; c++) {
            assertThat(out.resolve(String.format("dgn-am/%02d_logit_%d_c0.png", c, c))).isRegularFile();
        }
        assertThat(out.resolve("dgn-am/dgn-am.json")).isRegularFile();
    }

    @Test
    void isAbsentForAModelWithoutAGenerator() {
        DemoSettings settings = new DemoSettings("builtin:fashion-cnn-b", "fashion-mnist", List.of(), out, 0);
        try (var model = dev.visor.io.ModelLoader.load("builtin:fashion-cnn-b")) {
            assertThat(new DgnAmSection().run(new DemoContext(settings, model, new dev.visor.engine.RunRandom(0)))).isNull();
        }
    }
}
