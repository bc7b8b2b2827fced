package dev.visor.project;

import dev.visor.attribution.AttributionImages;
import dev.visor.data.Images;
import dev.visor.model.InputBox;
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
 * Writes the Zeiler–Fergus figure of one image: per unit (strongest first) a row of the whole projection,
 * the projection cut to the unit's receptive field and the image cut to the same box; {@code projections.png}
 * and {@code projections.json} (model, image, layer, and per unit its channel, position, activation and box).
 * Given each unit's top dataset patches (a montage from {@code dev.visor.top.TopWriter}), a fourth column shows them.
 */
public final class ProjectWriter {
    private static final int CELL = 96;

    private ProjectWriter() {}

    /** Writes the figure under {@code dir}; returns the PNG. */
    public static Path write(Model model, String imageName, ProjectJob.Result r, Path dir) {
        return write(model, imageName, r, dir, null, Map.of());
    }

    /**
     * Writes the figure with a fourth column: each unit's top dataset patches.
     *
     * @param data    the dataset's name (for the sidecar), or null for no fourth column
     * @param patches per channel, its montage of top dataset patches (a channel without one gets an empty cell)
     */
    public static Path write(Model model, String imageName, ProjectJob.Result r, Path dir, String data, Map<Integer, Path> patches) {
        BufferedImage picture = Images.toImage(r.image().get(0));
        List<BufferedImage> cells = new ArrayList<>();
        List<Map<String, Object>> units = new ArrayList<>();
        for (ProjectJob.Unit u : r.units()) {
            BufferedImage proj = AttributionImages.signed(u.projection());
            InputBox b = u.field();
            cells.add(fit(proj));
            cells.add(fit(crop(proj, b)));
            cells.add(fit(crop(picture, b)));
            if (data != null) {
                Path montage = patches.get(u.channel());
                cells.add(montage == null ? new BufferedImage(CELL, CELL, BufferedImage.TYPE_INT_RGB) : fit(Images.read(montage)));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("channel", u.channel());
            m.put("x", u.x());
            m.put("y", u.y());
            m.put("activation", u.activation());
            m.put("field", List.of(b.x0(), b.y0(), b.x1(), b.y1()));
            if (patches.containsKey(u.channel())) {
                m.put("topPatches", dir.relativize(patches.get(u.channel())).toString().replace('\\', '/'));
            }
            units.add(m);
        }
        Path png = dir.resolve("projections.png");
        Images.writePng(ImageGrid.grid(cells, data == null ? 3 : 4, 2), png);
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("method", "deconvnet-projection");
        side.put("model", model.source());
        side.put("input", imageName);
        side.put("layer", r.layer());
        side.put("topUnits", r.settings().topUnits());
        List<String> columns = new ArrayList<>(List.of("projection", "projection in the receptive field", "image in the receptive field"));
        if (data != null) {
            columns.add("the unit's top patches in " + data);
            side.put("data", data);
        }
        side.put("columns", columns);
        side.put("units", units);
        Sidecar.write(Sidecar.pathFor(png), side);
        return png;
    }

    private static BufferedImage crop(BufferedImage img, InputBox b) {
        if (b.width() == 0 || b.height() == 0) {
            return img;
        }
        return img.getSubimage(b.x0(), b.y0(), b.width(), b.height());
    }

    /** Scaled to a CELL-pixel square cell side (nearest neighbour up, smooth down). */
    private static BufferedImage fit(BufferedImage img) {
        return Images.resize(AttributionImages.enlarge(img, CELL), CELL, CELL);
    }
}
