package dev.visor.report.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visor.report.GifWriter;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DGN-AM and PPGN runs in the gallery: a DGN-AM render lands on its class's unit page, and each PPGN condition's chains
 * (GIFs) on the page of the unit the condition names; neither kind is warned about.
 */
class GenerativeSourcesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static BufferedImage grey(int v) {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                img.setRGB(x, y, ((v + x) & 255) * 0x010101);
            }
        }
        return img;
    }

    @Test
    void dgnAmRendersAndPpgnChainsLandOnTheirUnitsPages() throws Exception {
        Path dgn = Files.createDirectories(tmp.resolve("runs/dgn-am"));
        ImageIO.write(grey(10), "png", dgn.resolve("03_logit_3_c0.png").toFile());
        ImageIO.write(grey(20), "png", dgn.resolve("grid.png").toFile());
        Map<String, Object> render = new LinkedHashMap<>();
        render.put("image", "03_logit_3_c0.png");
        render.put("method", "dgn-am");
        render.put("model", "builtin:fashion-cnn");
        render.put("generator", "builtin:fashion-generator");
        render.put("objective", "logit(3)");
        render.put("copy", 0);
        render.put("activation_start", -1.5);
        render.put("activation_end", 12.25);
        render.put("top1_label", "Dress");
        render.put("top1_probability", 0.99);
        render.put("steps_run", 200);
        JSON.writeValue(dgn.resolve("03_logit_3_c0.json").toFile(), render);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("method", "dgn-am");
        summary.put("model", "builtin:fashion-cnn");
        summary.put("generator", "builtin:fashion-generator");
        summary.put("settings", Map.of("steps", 200));
        summary.put("class_hit_rate", 1.0);
        JSON.writeValue(dgn.resolve("dgn-am.json").toFile(), summary);

        Path ppgn = Files.createDirectories(tmp.resolve("runs/ppgn"));
        for (int c = 0; c < 4; c++) {
            GifWriter.write(List.of(grey(c), grey(c + 40)), 80, 1, ppgn.resolve(String.format("chain-%02d.gif", c)));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("method", "ppgn");
        p.put("model", "builtin:fashion-cnn");
        p.put("prior", "DAE builtin:fashion-dae");
        p.put("settings", Map.of("steps", 100));
        p.put("conditions", List.of("logprob(3)", "relu2:5@center"));
        p.put("chains", 2);
        p.put("steps", 100);
        JSON.writeValue(ppgn.resolve("ppgn.json").toFile(), p);

        GalleryResult r = GalleryJob.run(GallerySettings.of(List.of(tmp.resolve("runs")), tmp.resolve("site")), w -> { });
        assertThat(r.warnings()).isEmpty();
        String classPage = page(tmp.resolve("site"), "DGN-AM (generator prior)");
        assertThat(classPage).contains("PPGN samples").contains("chain-00.gif").contains("chain-01.gif")
                .doesNotContain("chain-02.gif");
        String unitPage = page(tmp.resolve("site"), "relu2:5@center");
        assertThat(unitPage).contains("chain-02.gif").contains("chain-03.gif");
        assertThat(r.exhibits()).isEqualTo(4); // one DGN-AM render, the DGN-AM run, two PPGN conditions
    }

    /** The one unit page that contains {@code text}. */
    private static String page(Path site, String text) throws Exception {
        try (Stream<Path> s = Files.walk(site)) {
            List<String> hits = s.filter(f -> f.toString().endsWith(".html")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(h -> h.contains(text) && !h.contains("<h1>Visor gallery")).toList();
            assertThat(hits).as("pages containing %s", text).isNotEmpty();
            return hits.get(0);
        }
    }
}
