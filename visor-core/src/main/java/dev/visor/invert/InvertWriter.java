package dev.visor.invert;

import dev.visor.data.Images;
import dev.visor.model.Model;
import dev.visor.report.ImageGrid;
import dev.visor.report.Sidecar;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an inversion: {@code inversion.png}, the original beside one reconstruction per layer (shallow to
 * deep, in the order asked), each reconstruction also as {@code NN_LAYER.png}, and {@code inversion.json}
 * with the settings, the seed and per layer the final relative feature error and the correlation with
 * the original.
 */
public final class InvertWriter {
    private InvertWriter() {}

    /** Writes under {@code dir}; returns the strip. */
    public static Path write(Model model, String imageName, InvertJob.Result r, Path dir) {
        List<BufferedImage> strip = new ArrayList<>();
        strip.add(Images.toImage(r.original().get(0)));
        List<Map<String, Object>> layers = new ArrayList<>();
        for (int i = 0; i < r.layers().size(); i++) {
            InvertJob.Layer l = r.layers().get(i);
            BufferedImage img = Images.toImage(l.image().get(0));
            strip.add(img);
            Path file = dir.resolve(String.format("%02d_%s.png", i, dev.visor.optvis.RenderFiles.slug(l.layer())));
            Images.writePng(img, file);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", l.layer());
            m.put("file", file.getFileName().toString());
            m.put("relativeFeatureError", l.relativeError());
            m.put("startRelativeFeatureError", l.startError());
            m.put("correlationWithOriginal", l.correlation());
            m.put("tvWeight", l.tvWeight());
            m.put("steps", l.steps());
            m.put("seconds", l.seconds());
            layers.add(m);
        }
        Path png = dir.resolve("inversion.png");
        Images.writePng(ImageGrid.grid(strip, strip.size(), 2), png);
        InvertSettings s = r.settings();
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("method", s.caricature() ? "caricature" : "inversion");
        side.put("model", model.source());
        side.put("input", imageName);
        side.put("seed", s.seed());
        side.put("alpha", s.alpha());
        side.put("alphaWeight", s.alphaWeight());
        side.put("beta", s.beta());
        side.put("recipe", s.recipe().asMap());
        side.put("layers", layers);
        Sidecar.write(Sidecar.pathFor(png), side);
        return png;
    }
}
