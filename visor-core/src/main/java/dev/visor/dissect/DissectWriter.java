package dev.visor.dissect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.data.Images;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.report.ImageGrid;
import dev.visor.stats.TopK;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The report of a dissection: {@code dissect.json}; per layer {@code tally.csv} in NetDissect's column style
 * (unit, category, label, score, then per category {@code <cat>-label, <cat>-truth, <cat>-activation,
 * <cat>-intersect, <cat>-iou}; units 0-based as everywhere in Visor) and {@code index.html} with the units
 * sorted by IoU, each with its top images: outside the unit's thresholded mask M_k the image is dimmed, and the
 * pixels of its label's concept mask are tinted cyan; and {@code unique-detectors.png}, the unique detected
 * concepts per category and layer (an XChart bar chart).
 */
public final class DissectWriter {
    private static final int GAP = 2;

    private DissectWriter() {}

    /**
     * Writes the report into {@code out}.
     *
     * @param model the model (for the top images' maps), or null to leave the images out
     */
    public static List<Path> write(DissectResult r, ProbeSet probe, Model model, Path out) {
        List<Path> files = new ArrayList<>();
        files.add(r.write(out));
        for (String layer : r.statistics().layers()) {
            Path dir = out.resolve(dev.visor.top.TopWriter.folderName(layer));
            files.add(csv(r, layer, dir.resolve("tally.csv")));
            files.add(html(r, layer, probe, model, dir));
        }
        files.add(chart(r, out.resolve("unique-detectors.png")));
        return files;
    }

    private static Path csv(DissectResult r, String layer, Path file) {
        IouTally t = r.tally(layer);
        List<String> cats = t.concepts().categories();
        StringBuilder sb = new StringBuilder("unit,category,label,score");
        for (String c : cats) {
            sb.append(',').append(c).append("-label,").append(c).append("-truth,").append(c).append("-activation,").append(c)
                    .append("-intersect,").append(c).append("-iou");
        }
        sb.append('\n');
        List<DissectResult.UnitLabel> labels = r.labels(layer);
        for (int u = 0; u < labels.size(); u++) {
            DissectResult.UnitLabel l = labels.get(u);
            sb.append(l.unit()).append(',').append(l.label() == null ? "" : l.label().category()).append(',')
                    .append(l.label() == null ? "" : Csv.quote(l.label().concept())).append(',')
                    .append(l.label() == null ? "0" : fmt(l.label().iou()));
            for (String c : cats) {
                DissectResult.Match m = l.best().stream().filter(x -> x.category().equals(c)).findFirst().orElse(null);
                if (m == null) {
                    sb.append(",,0,0,0,0");
                    continue;
                }
                int ci = t.concepts().indexOf(c, m.label());
                sb.append(',').append(Csv.quote(m.concept())).append(',').append(t.labelArea(ci)).append(',')
                        .append(t.unitArea(u, t.concepts().categoryIndex(c))).append(',').append(t.intersection(u, ci)).append(',')
                        .append(fmt(m.iou()));
            }
            sb.append('\n');
        }
        return text(file, sb.toString());
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static Path html(DissectResult r, String layer, ProbeSet probe, Model model, Path dir) {
        DissectResult.LayerSummary s = r.summary(layer);
        StringBuilder sb = new StringBuilder("<!doctype html><meta charset=utf-8><title>dissection of ").append(esc(layer))
                .append("</title><style>body{font-family:sans-serif}td{padding:4px;vertical-align:middle}</style>\n<h1>")
                .append(esc(layer)).append("</h1><p>").append(s.detectors()).append(" detectors (IoU &gt; ").append(r.settings().iou())
                .append(") of ").append(s.units()).append(" units; unique concepts ").append(esc(s.uniqueByCategory().toString()))
                .append(". Images: dimmed outside the unit's mask (top ").append(r.settings().quantile())
                .append(" quantile), its label's concept tinted cyan.</p>\n<table><tr><th>unit<th>label<th>category<th>IoU<th>top images\n");
        IouTally t = r.tally(layer);
        TopK top = r.top(layer);
        List<Integer> slots = new ArrayList<>();
        for (int u : t.units()) {
            slots.add(u);
        }
        for (DissectResult.UnitLabel l : r.ranked(layer)) {
            int slot = slots.indexOf(l.unit());
            String png = String.format("unit_%04d.png", l.unit());
            boolean pictured = model != null && r.settings().topImages() > 0 && !top.entries(slot).isEmpty();
            if (pictured) {
                Images.writePng(pictures(r, layer, probe, model, t, top, slot, l), dir.resolve(png));
            }
            sb.append("<tr><td>").append(l.unit()).append("<td>").append(l.label() == null ? "-" : esc(l.label().concept()))
                    .append(l.detector() ? "" : " (none)").append("<td>").append(l.label() == null ? "" : esc(l.label().category()))
                    .append("<td>").append(l.label() == null ? "0" : String.format(Locale.ROOT, "%.3f", l.label().iou())).append("<td>")
                    .append(pictured ? "<img src=\"" + png + "\">" : "").append('\n');
        }
        sb.append("</table>\n");
        return text(dir.resolve("index.html"), sb.toString());
    }

    private static BufferedImage pictures(DissectResult r, String layer, ProbeSet probe, Model model, IouTally t, TopK top, int slot,
                                          DissectResult.UnitLabel l) {
        List<TopK.Entry> entries = top.entries(slot);
        int[] ids = entries.stream().limit(r.settings().topImages()).mapToInt(TopK.Entry::image).toArray();
        var spec = model.inputSpec();
        Upsampling.Masks upsampler = r.settings().upsampling().forLayer(model, layer);
        List<BufferedImage> cells = new ArrayList<>();
        try (NDManager step = model.manager().newSubManager()) {
            NDArray images = probe.images(step, ids, spec.channels(), spec.height(), spec.width());
            NDArray act = model.forward(spec.toModel(images), ForwardRequest.of(List.of(layer))).get(layer);
            long[] shape = act.getShape().getShape();
            int h = shape.length == 4 ? (int) shape[2] : 1;
            int w = shape.length == 4 ? (int) shape[3] : (shape.length == 3 ? (int) shape[2] : 1);
            int c = (int) shape[1];
            float[] maps = act.toFloatArray();
            for (int i = 0; i < ids.length; i++) {
                ProbeMasks m = probe.masks(ids[i]);
                UnitMask um = upsampler.of(h, w, m.height(), m.width());
                boolean[] active = new boolean[m.height() * m.width()];
                um.binarise(maps, (i * c + t.units()[slot]) * h * w, t.thresholds()[slot], active);
                BufferedImage img = Images.resize(Images.toImage(images.get(i)), m.width(), m.height());
                cells.add(overlay(img, active, conceptMask(m, l)));
            }
        }
        return ImageGrid.grid(cells, cells.size(), GAP);
    }

    private static boolean[] conceptMask(ProbeMasks m, DissectResult.UnitLabel l) {
        boolean[] on = new boolean[m.height() * m.width()];
        if (l.label() == null || !l.detector()) {
            return on;
        }
        for (ProbeMasks.Layer layer : m.layers()) {
            if (layer.category().equals(l.label().category())) {
                for (int p = 0; p < on.length; p++) {
                    on[p] |= layer.labels()[p] == l.label().label();
                }
            }
        }
        return on;
    }

    private static BufferedImage overlay(BufferedImage img, boolean[] active, boolean[] concept) {
        int w = img.getWidth();
        BufferedImage out = new BufferedImage(w, img.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < active.length; p++) {
            int rgb = img.getRGB(p % w, p / w);
            int r = (rgb >> 16) & 255;
            int g = (rgb >> 8) & 255;
            int b = rgb & 255;
            if (!active[p]) {
                r = r * 35 / 100;
                g = g * 35 / 100;
                b = b * 35 / 100;
            }
            if (concept[p]) {
                r = r / 2;
                g = (g + 255) / 2;
                b = (b + 255) / 2;
            }
            out.setRGB(p % w, p / w, (r << 16) | (g << 8) | b);
        }
        int f = Math.max(1, 96 / Math.max(1, w));
        return f == 1 ? out : Images.resize(out, w * f, img.getHeight() * f);
    }

    private static Path chart(DissectResult r, Path file) {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(450).title("Unique detectors per category")
                .xAxisTitle("category").yAxisTitle("unique concepts detected (IoU > " + r.settings().iou() + ")").build();
        for (String layer : r.statistics().layers()) {
            DissectResult.LayerSummary s = r.summary(layer);
            List<String> cats = new ArrayList<>(s.uniqueByCategory().keySet());
            List<Integer> counts = cats.stream().map(s.uniqueByCategory()::get).toList();
            chart.addSeries(layer, cats, counts);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new VisorException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static Path text(Path file, String s) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, s, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VisorException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
