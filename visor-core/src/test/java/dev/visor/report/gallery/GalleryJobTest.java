package dev.visor.report.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visor.VisorException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gallery on planted run directories: a 1 000-unit layer, broken and unknown sidecars, no runs at all. */
class GalleryJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IMG = Pattern.compile("<img\\b[^>]*>");

    @TempDir
    Path tmp;

    /** A render sidecar as `visor render-layer` writes it (the fields the gallery reads), with a w×h PNG. */
    private static void render(Path dir, String layer, int unit, int w, int h) throws Exception {
        String stem = String.format("%s_%04d", layer, unit);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xff0000 + unit);
        Files.createDirectories(dir);
        ImageIO.write(img, "png", dir.resolve(stem + ".png").toFile());
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("image", stem + ".png");
        side.put("model", "planted-model");
        side.put("objective", layer + ":" + unit);
        side.put("steps_run", 7);
        side.put("seed", 11);
        side.put("settings", Map.of("steps", 7, "learningRate", 0.05));
        side.put("layer", layer);
        JSON.writeValue(dir.resolve(stem + ".json").toFile(), side);
    }

    @Test
    void aThousandUnitLayerPageLazyLoadsEveryImage() throws Exception {
        Path run = tmp.resolve("run");
        for (int u = 0; u < 1000; u++) {
            render(run, "conv9", u, 4, 3);
        }
        GalleryResult r = GalleryJob.run(GallerySettings.of(List.of(run), tmp.resolve("site")), w -> { });
        assertThat(r.warnings()).isEmpty();
        assertThat(r.units()).isEqualTo(1000);
        assertThat(r.images()).isEqualTo(1000);
        String page = Files.readString(tmp.resolve("site/planted-model/conv9/index.html"));
        List<String> imgs = new ArrayList<>();
        Matcher m = IMG.matcher(page);
        while (m.find()) {
            imgs.add(m.group());
        }
        assertThat(imgs).hasSize(1000);
        // lazy, and sized from the PNG header (4×3) so the grid lays out before any image arrives
        assertThat(imgs).allMatch(t -> t.contains("loading=\"lazy\"") && t.contains("width=\"4\"") && t.contains("height=\"3\""));
        assertThat(tmp.resolve("site/planted-model/conv9/unit_0999.html")).isRegularFile();
        String unit = Files.readString(tmp.resolve("site/planted-model/conv9/unit_0500.html"));
        assertThat(unit).contains("unit_0499.html").contains("unit_0501.html").contains("conv9:500").contains("learningRate");
    }

    @Test
    void brokenAndUnknownSidecarsAreSkippedWithOneWarningEach() throws Exception {
        Path run = tmp.resolve("run");
        render(run, "bn2", 3, 28, 28);
        Files.writeString(run.resolve("broken.json"), "{\"image\": \"x.png\", ");
        Files.writeString(run.resolve("notes.json"), "{\"hello\": 1}");
        Files.writeString(run.resolve("list.json"), "[1, 2]");
        // a facets.json whose settings lack the objective: its kind, but incomplete
        Files.writeString(run.resolve("facets.json"), "{\"facets\": [], \"clusterSizes\": [], \"settings\": {}}");
        // a render whose PNG was deleted: shown, without the picture
        render(run, "bn2", 4, 28, 28);
        Files.delete(run.resolve("bn2_0004.png"));
        List<String> warned = new ArrayList<>();
        GalleryResult r = GalleryJob.run(GallerySettings.of(List.of(run), tmp.resolve("site")), warned::add);
        assertThat(warned).hasSize(5).isEqualTo(r.warnings());
        assertThat(warned).anyMatch(w -> w.contains("broken.json") && w.contains("not valid JSON"))
                .anyMatch(w -> w.contains("notes.json") && w.contains("not a sidecar kind"))
                .anyMatch(w -> w.contains("list.json") && w.contains("not a JSON object"))
                .anyMatch(w -> w.contains("facets.json") && w.contains("incomplete facets sidecar") && w.contains("objective"))
                .anyMatch(w -> w.contains("bn2_0004.png") && w.contains("missing image"));
        assertThat(r.units()).isEqualTo(2);
        assertThat(Files.readString(tmp.resolve("site/planted-model/bn2/unit_0003.html"))).contains("<img");
        assertThat(Files.readString(tmp.resolve("site/planted-model/bn2/unit_0004.html"))).doesNotContain("<img");
    }

    @Test
    void aSiteInsideARunIsNotReadAsARun() throws Exception {
        Path run = tmp.resolve("run");
        render(run, "bn1", 0, 28, 28);
        GallerySettings s = GallerySettings.of(List.of(run), run.resolve("site"));
        GalleryResult first = GalleryJob.run(s, w -> { });
        // the second build sees the first site's copied sidecars under run/site; it must not count them
        GalleryResult second = GalleryJob.run(GallerySettings.of(List.of(run), tmp.resolve("other")), w -> { });
        assertThat(second.sidecars()).isEqualTo(first.sidecars()).isEqualTo(1);
        assertThat(second.warnings()).isEmpty();
    }

    @Test
    void noRunsIsOneClearError() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("readme.txt"), "no sidecars here");
        assertThatThrownBy(() -> GalleryJob.run(GallerySettings.of(List.of(empty), tmp.resolve("site")), w -> { }))
                .isInstanceOf(VisorException.class).hasMessageContaining("no Visor runs found").hasMessageContaining("render");
        assertThat(tmp.resolve("site")).doesNotExist();
        assertThatThrownBy(() -> GalleryJob.run(GallerySettings.of(List.of(tmp.resolve("nope")), tmp.resolve("site")), w -> { }))
                .isInstanceOf(VisorException.class).hasMessage("no such run directory: " + tmp.resolve("nope"));
    }
}
