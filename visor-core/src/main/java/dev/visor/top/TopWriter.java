package dev.visor.top;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Dataset;
import dev.visor.data.Images;
import dev.visor.model.InputBox;
import dev.visor.model.Model;
import dev.visor.model.ReceptiveField;
import dev.visor.report.ImageGrid;
import dev.visor.report.Sidecar;
import dev.visor.stats.Moments;
import dev.visor.stats.TopK;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link TopResult} into a folder: {@code top.json} (the mergeable statistics), and per layer a
 * folder with, for every unit, {@code unit_NNNN.png} — a montage of its top-k images in rank order
 * (reading order), or with {@link TopSettings#patches()} the receptive-field crop around each example's
 * maximum ({@link ReceptiveField}; parts outside the image are grey) — and {@code unit_NNNN.json} with
 * the image ids, labels, positions (y, x in the layer's map), values and the settings.
 */
public final class TopWriter {
    /** Cells are enlarged (nearest neighbour, by a whole factor) to at least this many pixels a side. */
    private static final int MIN_CELL = 96;
    private static final int GAP = 2;

    private TopWriter() {}

    /**
     * Writes everything.
     *
     * @param data  the dataset the result was computed on (the montages show its images)
     * @param model the model; needed for {@code patches} (receptive fields), otherwise may be null
     * @return the montage files, layer by layer, unit by unit
     */
    public static List<Path> write(TopResult result, Dataset data, Model model, Path out) {
        result.write(out);
        List<Path> written = new ArrayList<>();
        try (NDManager m = dev.visor.engine.Engines.newManager()) {
            for (String layer : result.statistics().layers()) {
                TopK top = result.top(layer);
                Moments mo = result.moments(layer);
                ReceptiveField rf = result.settings().patches() ? ReceptiveField.of(model, layer) : null;
                Path dir = out.resolve(folderName(layer));
                int[] units = top.units();
                for (int u = 0; u < units.length; u++) {
                    Path png = dir.resolve(String.format("unit_%04d.png", units[u]));
                    List<TopK.Entry> entries = top.entries(u);
                    List<InputBox> boxes = new ArrayList<>();
                    if (!entries.isEmpty()) {
                        int[] ids = entries.stream().mapToInt(TopK.Entry::image).toArray();
                        List<BufferedImage> cells = new ArrayList<>();
                        try (NDManager step = m.newSubManager()) {
                            NDArray images = data.images(step, ids, result.channels(), result.height(), result.width());
                            for (int i = 0; i < ids.length; i++) {
                                BufferedImage img = Images.toImage(images.get(i));
                                if (rf != null) {
                                    InputBox box = rf.box(entries.get(i).x(), entries.get(i).y());
                                    boxes.add(box);
                                    img = crop(img, box);
                                }
                                cells.add(enlarge(img));
                            }
                        }
                        Images.writePng(ImageGrid.grid(cells, (int) Math.ceil(Math.sqrt(result.settings().k())), GAP), png);
                        written.add(png);
                    }
                    Sidecar.write(Sidecar.pathFor(png), sidecar(result, data, layer, units[u], entries, boxes, mo, u, png));
                }
            }
        }
        return written;
    }

    /** A layer name as a folder name: characters other than letters, digits, '.', '-' and '_' become '_'. */
    public static String folderName(String layer) {
        return layer.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static Map<String, Object> sidecar(TopResult r, Dataset data, String layer, int unit, List<TopK.Entry> entries,
                                               List<InputBox> boxes, Moments mo, int slot, Path png) {
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("image", png.getFileName().toString());
        side.put("model", r.model());
        side.put("data", r.data());
        side.put("layer", layer);
        side.put("unit", unit);
        side.put("value", "spatial maximum of the channel (a dense unit's value); y, x: where it is in the layer's map");
        List<Map<String, Object>> ex = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            TopK.Entry e = entries.get(i);
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("image", e.image());
            int label = data.label(e.image());
            if (label >= 0 && label < data.classNames().size()) {
                x.put("label", data.classNames().get(label));
            }
            x.put("y", e.y());
            x.put("x", e.x());
            x.put("value", e.value());
            if (!boxes.isEmpty()) {
                InputBox b = boxes.get(i);
                x.put("box", List.of(b.x0(), b.y0(), b.x1(), b.y1()));
            }
            ex.add(x);
        }
        side.put("examples", ex);
        side.put("images_seen", mo.count(slot));
        side.put("min", mo.min(slot));
        side.put("max", mo.max(slot));
        side.put("settings", r.settings().toMap());
        side.put("visor_version", "0.1.0");
        return side;
    }

    /** The box's pixels, grey where the box lies outside the image. */
    private static BufferedImage crop(BufferedImage img, InputBox box) {
        BufferedImage out = new BufferedImage(Math.max(1, box.width()), Math.max(1, box.height()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        InputBox c = box.clip(img.getWidth(), img.getHeight());
        if (c.width() > 0 && c.height() > 0) {
            g.drawImage(img.getSubimage(c.x0(), c.y0(), c.width(), c.height()), c.x0() - box.x0(), c.y0() - box.y0(), null);
        }
        g.dispose();
        return out;
    }

    private static BufferedImage enlarge(BufferedImage img) {
        int side = Math.max(img.getWidth(), img.getHeight());
        int f = Math.max(1, (MIN_CELL + side - 1) / side);
        if (f == 1) {
            return img;
        }
        BufferedImage out = new BufferedImage(img.getWidth() * f, img.getHeight() * f, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(img, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }
}
