package dev.visor.optvis;

import dev.visor.data.Images;
import dev.visor.model.Model;
import dev.visor.report.Sidecar;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a render's images as PNGs, each with a JSON sidecar that is enough to reproduce it. */
public final class RenderWriter {
    private RenderWriter() {}

    /**
     * Writes item i of the result to {@code files.get(i)} and its sidecar beside it.
     *
     * @param objectives the objective text of each item, as the user gave it
     * @param extra      additional sidecar fields shared by all items (e.g. the layer and unit list)
     * @return the images written, in item order
     */
    public static List<BufferedImage> write(Model model, RenderResult result, RenderSettings settings, long seed,
                                            List<String> objectives, List<Path> files, Map<String, ?> extra) {
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            BufferedImage img = Images.toImage(result.image().get(i));
            Images.writePng(img, files.get(i));
            images.add(img);
            Map<String, Object> side = new LinkedHashMap<>();
            side.put("image", files.get(i).getFileName().toString());
            side.put("model", model.source());
            side.put("objective", objectives.get(i));
            side.put("activation_start", result.measureStart()[i]);
            side.put("activation_end", result.measureEnd()[i]);
            side.put("objective_final", result.finalScores()[i]);
            side.put("seed", seed);
            side.put("batch_item", i);
            side.put("batch_objectives", objectives);
            side.put("steps_run", result.steps());
            side.put("seconds", Math.round(result.seconds() * 100) / 100.0);
            side.put("preset", settings.preset());
            side.put("settings", settings.asMap());
            side.putAll(extra);
            side.put("visor_version", dev.visor.Visor.VERSION);
            Sidecar.write(Sidecar.pathFor(files.get(i)), side);
        }
        return images;
    }
}
