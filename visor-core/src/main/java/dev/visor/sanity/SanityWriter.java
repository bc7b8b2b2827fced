package dev.visor.sanity;

import dev.visor.VisorException;
import dev.visor.attribution.AttributionMethod;
import dev.visor.model.Model;
import dev.visor.report.Sidecar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The sanity report: a text table (per row: mode, layer, layers randomised, then Spearman and SSIM per
 * method), {@code sanity.json} and {@code sanity.png}, Spearman rank correlation against the layers
 * randomised, one line per method and mode, drawn with XChart.
 */
public final class SanityWriter {
    private SanityWriter() {}

    /** The table as text. */
    public static String table(SanityJob.Result r) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-12s %-24s %3s", "mode", "layer", "k"));
        for (AttributionMethod m : r.methods()) {
            b.append(String.format(Locale.ROOT, " %10s %8s", m.key() + " ρ", "SSIM"));
        }
        b.append('\n');
        for (SanityJob.Row row : r.rows()) {
            b.append(String.format(Locale.ROOT, "%-12s %-24s %3d", row.mode().name().toLowerCase(Locale.ROOT), row.layer(), row.count()));
            for (int i = 0; i < r.methods().size(); i++) {
                b.append(String.format(Locale.ROOT, " %10.3f %8.3f", row.spearman()[i], row.ssim()[i]));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Writes {@code sanity.json} and {@code sanity.png} under {@code dir}; returns the plot. */
    public static Path write(Model model, String imageName, SanityJob.Result r, Path dir) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SanityJob.Row row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", row.mode().name().toLowerCase(Locale.ROOT));
            m.put("layer", row.layer());
            m.put("layersRandomised", row.count());
            Map<String, Object> per = new LinkedHashMap<>();
            for (int i = 0; i < r.methods().size(); i++) {
                per.put(r.methods().get(i).key(), Map.of("spearman", row.spearman()[i], "ssim", row.ssim()[i]));
            }
            m.put("methods", per);
            rows.add(m);
        }
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("method", "sanity-model-randomisation");
        side.put("model", model.source());
        side.put("input", imageName);
        side.put("methods", r.methods().stream().map(AttributionMethod::key).toList());
        side.put("depth", r.settings().depth());
        side.put("seed", r.settings().seed());
        if (r.settings().data() != null) {
            side.put("data", Map.of("data", r.settings().data(), "images", r.settings().dataImages(), "epochs", r.settings().dataEpochs(),
                    "shuffledTrainAccuracy", r.dataAccuracy()));
        }
        side.put("topClass", r.topClass());
        side.put("gradCamLayer", r.camLayer());
        side.put("seconds", r.seconds());
        side.put("rows", rows);
        Path png = dir.resolve("sanity.png");
        Sidecar.write(Sidecar.pathFor(png), side);
        XYChart chart = new XYChartBuilder().width(900).height(520).title("Model-parameter randomisation (Adebayo et al. 2018)")
                .xAxisTitle("layers randomised from the top (cascading) / layer k from the top alone (independent)")
                .yAxisTitle("Spearman rank correlation of |map|").build();
        for (SanityJob.Mode mode : SanityJob.Mode.values()) {
            for (int i = 0; i < r.methods().size(); i++) {
                List<Integer> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (SanityJob.Row row : r.rows()) {
                    if (row.mode() == mode) {
                        x.add(x.size() + 1);
                        y.add(row.spearman()[i]);
                    }
                }
                if (!x.isEmpty()) {
                    chart.addSeries(r.methods().get(i).key() + " " + mode.name().toLowerCase(Locale.ROOT), x, y);
                }
            }
        }
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new VisorException("cannot write " + png + ": " + e.getMessage(), e);
        }
        return png;
    }
}
