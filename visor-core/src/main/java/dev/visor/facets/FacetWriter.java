package dev.visor.facets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.data.Images;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.report.ImageGrid;
import dev.visor.report.Sidecar;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationImage;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a facet run into a folder: {@code facet_NN.png} (the render, with {@code facet_NN.json}),
 * {@code facet_NN_images.png} (a montage of the cluster's real images, highest activation first),
 * {@code facets.png} (all renders), {@code tsne.png} (the t-SNE plane coloured by cluster with each
 * facet's render at its centre, drawn with XChart) and {@code facets.json} (every setting, the cluster
 * sizes, each facet's activation).
 */
public final class FacetWriter {
    /** Real images shown per cluster at most. */
    public static final int MONTAGE = 36;
    /** Pixels per image pixel in the PNGs of small (below 64 px) images. */
    private static final int SMALL_ZOOM = 4;

    private FacetWriter() {}

    /** The files written. */
    public record Written(List<Path> renders, List<Path> montages, Path grid, Path scatter, Path json) {}

    /** Writes everything; the folder should have been checked with {@link dev.visor.report.OutputDir#prepare} before the run. */
    public static Written write(FacetResult r, Model model, Dataset dataset, Path dir) {
        List<Path> renders = new ArrayList<>();
        List<Path> montages = new ArrayList<>();
        List<BufferedImage> shown = new ArrayList<>();
        List<Map<String, Object>> facets = new ArrayList<>();
        for (Facet f : r.facets()) {
            String stem = String.format("facet_%02d", f.index());
            Path png = dir.resolve(stem + ".png");
            BufferedImage img = zoom(f.render().toImage());
            Images.writePng(img, png);
            shown.add(img);
            Path montage = dir.resolve(stem + "_images.png");
            Images.writePng(montage(model, dataset, f), montage);
            Map<String, Object> m = facetMap(f, png, montage);
            facets.add(m);
            Map<String, Object> side = new LinkedHashMap<>(m);
            side.put("model", r.model());
            side.put("settings", r.settings().asMap());
            Sidecar.write(Sidecar.pathFor(png), side);
            renders.add(png);
            montages.add(montage);
        }
        Path grid = dir.resolve("facets.png");
        Images.writePng(ImageGrid.grid(shown, 0, 2), grid);
        Path scatter = dir.resolve("tsne.png");
        scatter(r, scatter);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", r.model());
        json.put("dataset", dataset.name());
        json.put("settings", r.settings().asMap());
        json.put("embedLayer", r.embedLayer());
        json.put("topImages", r.top().size());
        json.put("topMeanActivation", r.top().meanActivation());
        json.put("k", r.facets().size());
        json.put("silhouette", Double.isNaN(r.silhouette()) ? null : r.silhouette());
        json.put("clusterSizes", r.facets().stream().map(Facet::size).toList());
        json.put("activations", r.facets().stream().map(Facet::activation).toList());
        json.put("seconds", r.seconds());
        json.put("facets", facets);
        Path jsonFile = dir.resolve("facets.json");
        Sidecar.write(jsonFile, json);
        return new Written(renders, montages, grid, scatter, jsonFile);
    }

    private static Map<String, Object> facetMap(Facet f, Path png, Path montage) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("facet", f.index());
        m.put("file", png.getFileName().toString());
        m.put("images", montage.getFileName().toString());
        m.put("size", f.size());
        m.put("activation", f.activation());
        m.put("startActivation", f.startActivation());
        m.put("centroid2d", f.centroid2d());
        m.put("meanOf", f.nearest());
        m.put("members", f.members());
        return m;
    }

    private static BufferedImage montage(Model model, Dataset dataset, Facet f) {
        int[] idx = Arrays.copyOf(f.members(), Math.min(MONTAGE, f.members().length));
        InputSpec spec = model.inputSpec();
        List<BufferedImage> tiles = new ArrayList<>();
        try (NDManager m = model.manager().newSubManager()) {
            NDArray batch = dataset.images(m, idx, spec.channels(), spec.height(), spec.width());
            for (int i = 0; i < idx.length; i++) {
                tiles.add(zoom(FacetImage.of(batch, i).toImage()));
            }
        }
        return ImageGrid.grid(tiles, 0, 2);
    }

    private static BufferedImage zoom(BufferedImage img) {
        return img.getWidth() < 64 ? Images.resize(img, img.getWidth() * SMALL_ZOOM, img.getHeight() * SMALL_ZOOM) : img;
    }

    /** The t-SNE plane, one colour per cluster, each facet's render drawn at its cluster's centre. */
    private static void scatter(FacetResult r, Path file) {
        XYChart chart = new XYChartBuilder().width(900).height(800).title("t-SNE of the top " + r.top().size() + " images of "
                + r.settings().objective() + " at " + r.embedLayer()).xAxisTitle("t-SNE 1").yAxisTitle("t-SNE 2").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (Facet f : r.facets()) {
            int c = f.index();
            int n = 0;
            for (int l : r.labels()) {
                n += l == c ? 1 : 0;
            }
            double[] xs = new double[n];
            double[] ys = new double[n];
            for (int i = 0, k = 0; i < r.labels().length; i++) {
                if (r.labels()[i] == c) {
                    xs[k] = r.plane()[i][0];
                    ys[k++] = r.plane()[i][1];
                }
            }
            chart.addSeries(String.format("facet %d (%d)", c, f.size()), xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        for (Facet f : r.facets()) {
            BufferedImage img = f.render().toImage();
            int side = 56;
            chart.addAnnotation(new AnnotationImage(Images.resize(img, side, side * img.getHeight() / img.getWidth()),
                    f.centroid2d()[0], f.centroid2d()[1], false));
        }
        try {
            String base = file.toString().replaceFirst("\\.png$", "");
            BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new VisorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
