package dev.visor.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.attribution.InputImage;
import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import java.nio.file.Path;
import java.util.List;

/**
 * The one image that the single-image sections (inversion, projections, sanity checks) explain: the user's
 * first image, else the first test image of the data, read through the same paths as the CLI and the
 * attribution section.
 *
 * @param name   what the report calls it (file name, or {@code data#index} with its class)
 * @param tensor (1, C, H, W) in [0, 1] at the model's input size
 */
record DemoImage(String name, NDArray tensor) {
    /** The image in {@code m}, or null when the demo has neither images nor data. */
    static DemoImage of(DemoContext ctx, NDManager m) {
        List<Path> files = ctx.settings().images();
        if (!files.isEmpty()) {
            return new DemoImage(files.get(0).getFileName().toString(), InputImage.read(files.get(0), ctx.model(), m).tensor());
        }
        if (ctx.settings().data() == null) {
            return null;
        }
        Dataset data = Datasets.open(ctx.settings().data(), Split.TEST);
        var s = ctx.model().inputSpec();
        NDArray x = data.images(m, new int[] {0}, s.channels(), s.height(), s.width());
        String truth = data.labelled() ? " (" + data.classNames().get(data.label(0)) + ")" : "";
        return new DemoImage(data.name() + "#0" + truth, x);
    }
}
