package dev.visor.attribution;

import ai.djl.ndarray.NDArray;
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
 * Writes one image's attributions: the input, one PNG per method with a JSON sidecar (model, image,
 * method, target, layer, score; the methods are deterministic, so there is no seed), and a grid of
 * the input beside every map.
 */
public final class AttributionWriter {
    /** Pictures are enlarged (nearest neighbour) to at least this many pixels a side, for small inputs. */
    private static final int MIN_SIDE = 112;

    private AttributionWriter() {}

    /**
     * What was written.
     *
     * @param grid    the grid PNG
     * @param input   the input PNG
     * @param maps    one PNG per method, in method order
     */
    public record Written(Path grid, Path input, List<Path> maps) {}

    /**
     * Writes item {@code item} of a batch under {@code dir} as {@code stem_input.png},
     * {@code stem_METHOD.png} (+ .json) and {@code stem_grid.png}.
     *
     * @param imageName where the image came from (file name or dataset item), for the sidecar
     */
    public static Written write(Model model, String imageName, NDArray images01, int item, List<AttributionMap> results,
                                Path dir, String stem) {
        NDArray image = images01.get(item);
        List<BufferedImage> cells = new ArrayList<>();
        BufferedImage input = AttributionImages.enlarge(Images.toImage(image), MIN_SIDE);
        Path inputFile = dir.resolve(stem + "_input.png");
        Images.writePng(input, inputFile);
        cells.add(input);
        List<Path> maps = new ArrayList<>();
        for (AttributionMap r : results) {
            BufferedImage pic = AttributionImages.enlarge(AttributionImages.picture(image, r, item), MIN_SIDE);
            Path file = dir.resolve(stem + "_" + r.method().key() + ".png");
            Images.writePng(pic, file);
            Sidecar.write(Sidecar.pathFor(file), sidecar(model, imageName, r, item, file));
            maps.add(file);
            cells.add(pic);
        }
        Path grid = dir.resolve(stem + "_grid.png");
        Images.writePng(ImageGrid.grid(cells, cells.size(), 2), grid);
        return new Written(grid, inputFile, maps);
    }

    /** The sidecar of one map. */
    static Map<String, Object> sidecar(Model model, String imageName, AttributionMap r, int item, Path file) {
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("image", file.getFileName().toString());
        side.put("model", model.source());
        side.put("input", imageName);
        side.put("method", r.method().key());
        if (r.classes() != null) {
            int c = r.classes()[item];
            side.put("target", "logit(" + c + ")");
            side.put("target_rule", "top-1 class of the image");
            side.put("class", c);
            if (c < model.labels().size()) {
                side.put("label", model.labels().get(c));
            }
        } else {
            side.put("target", r.target());
        }
        side.put("score", r.scores()[item]);
        if (r.layer() != null) {
            side.put("layer", r.layer());
        }
        side.put("display", r.method().signed() ? "0.5 + 0.5*g/s per channel, s = 99.5th percentile of |g|" : "jet heatmap over the grey photo, map / "
                + (r.method() == AttributionMethod.SALIENCY ? "99th percentile" : "maximum"));
        side.put("visor_version", dev.visor.Visor.VERSION);
        return side;
    }
}
