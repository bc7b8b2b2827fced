package dev.visor.sanity;

import dev.visor.data.Images;
import dev.visor.model.Model;
import dev.visor.optvis.RenderSettings;
import dev.visor.report.ImageGrid;
import dev.visor.report.Sidecar;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a render cascade: {@code render-cascade.png}, the trained model's render then one per cascade step
 * left to right, and {@code render-cascade.json} with the objective, recipe, seed, depth and per render the
 * layer randomised last, Spearman, SSIM and final score.
 */
public final class RenderCascadeWriter {
    private RenderCascadeWriter() {}

    /** The rows as a text table. */
    public static String table(RenderCascade.Result r) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-24s %3s %10s %8s %10s%n", "randomised down to", "k", "ρ", "SSIM", "score"));
        for (RenderCascade.Row row : r.rows()) {
            b.append(String.format(Locale.ROOT, "%-24s %3d %10.3f %8.3f %10.4g%n", row.count() == 0 ? "(trained)" : row.layer(), row.count(),
                    row.spearman(), row.ssim(), row.score()));
        }
        return b.toString();
    }

    /** Writes under {@code dir}; returns the strip. */
    public static Path write(Model model, RenderCascade.Result r, RenderSettings recipe, int depth, long seed, Path dir) {
        List<BufferedImage> strip = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RenderCascade.Row row : r.rows()) {
            strip.add(Images.toImage(row.image().get(0)));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", row.layer());
            m.put("layersRandomised", row.count());
            m.put("spearman", row.spearman());
            m.put("ssim", row.ssim());
            m.put("score", row.score());
            rows.add(m);
        }
        Path png = dir.resolve("render-cascade.png");
        Images.writePng(ImageGrid.grid(strip, strip.size(), 2), png);
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("method", "render-cascading-randomisation");
        side.put("model", model.source());
        side.put("objective", r.objective());
        side.put("seed", seed);
        side.put("depth", depth);
        side.put("settings", recipe.asMap());
        side.put("seconds", r.seconds());
        side.put("rows", rows);
        Sidecar.write(Sidecar.pathFor(png), side);
        return png;
    }
}
