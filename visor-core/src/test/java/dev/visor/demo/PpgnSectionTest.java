package dev.visor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's PPGN section: a chain per class, a caption and an inpainting, the realism row, and its added time. */
class PpgnSectionTest {
    @TempDir
    Path out;

    @Test
    void addsClassCaptionAndInpaintingGridsWithARealismRow() throws Exception {
        DemoSettings settings = new DemoSettings("builtin:fashion-cnn", "fashion-mnist", List.of(), out, 0);
        long t0 = System.nanoTime();
        new DemoJob(List.of(new ModelSection())).run(settings, s -> { });
        long t1 = System.nanoTime();
        Path index = new DemoJob(List.of(new ModelSection(), new PpgnSection())).run(settings, s -> { });
        long t2 = System.nanoTime();
        System.out.printf("demo: model section %.1f s, + PPGN %.1f s: PPGN adds %.1f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                ((t2 - t1) - (t1 - t0)) / 1e9);
        String html = Files.readString(index);
        String section = html.substring(html.indexOf("PPGN: class, caption and inpainting samples"));
        assertThat(section).contains("PPGN (last sample of each chain)").contains(" ± ").contains(PpgnSection.CAPTION);
        for (String d : List.of("classes", "caption", "inpaint")) {
            assertThat(out.resolve("ppgn/" + d + "/grid.png")).isRegularFile();
            assertThat(out.resolve("ppgn/" + d + "/ppgn.json")).isRegularFile();
        }
    }
}
