package dev.visor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.model.Model;
import dev.visor.train.ConfusionPlot;
import dev.visor.train.Evaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor eval}: accuracy and confusion matrix of a classifier on labelled data. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a classifier: accuracy, confusion matrix (printed and as a PNG with a JSON sidecar).")
public final class EvalCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "DATA",
            description = "labelled data: fashion-mnist (its test split), fashion-mnist:train, an IDX folder, an image folder"
                    + " (sub-folder per class) or a CSV with labels (default ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--limit", defaultValue = "0", description = "evaluate the first N images only (0: all)")
    int limit;

    @Option(names = "--batch-size", defaultValue = "250", description = "images per forward pass (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--plot", defaultValue = "confusion.png", paramLabel = "PNG",
            description = "where to write the confusion-matrix plot (default ${DEFAULT-VALUE}); a .json sidecar goes next to it")
    Path plot;

    @picocli.CommandLine.Mixin
    DownloadOptionsMixin downloadOptions;

    @Override
    public Integer call() {
        downloadOptions.apply();
        if (limit < 0) {
            throw new VisorException("--limit must be 0 (all) or positive, got " + limit);
        }
        Dataset d = Datasets.open(data, Split.TEST);
        Dataset set = limit > 0 ? d.head(limit) : d;
        try (Model m = modelOptions.load()) {
            Evaluation.Result r;
            try (Progress progress = Progress.start("eval", set.size())) {
                r = Evaluation.run(m, set, batchSize, n -> progress.stepTo(n, ""));
            }
            print(r, m.source(), set.name());
            String title = m.source() + " on " + set.name();
            ConfusionPlot.write(r, title, plot);
            writeSidecar(r, m.source(), set.name());
            System.out.println("plot: " + plot);
        }
        return 0;
    }

    private static void print(Evaluation.Result r, String model, String data) {
        List<String> names = r.classNames();
        System.out.printf(Locale.ROOT, "%s on %s: accuracy %.2f%% (%d of %d)%n", model, data, 100 * r.accuracy(), r.correct(),
                r.total());
        System.out.println("confusion matrix (rows: true class, columns: predicted class)");
        int width = Math.min(24, 6 + names.stream().mapToInt(String::length).max().orElse(0));
        StringBuilder head = new StringBuilder(String.format("%-" + width + "s", ""));
        for (int j = 0; j < names.size(); j++) {
            head.append(String.format("%6s", "[" + j + "]"));
        }
        System.out.println(head + "  recall");
        for (int i = 0; i < names.size(); i++) {
            StringBuilder row = new StringBuilder(String.format("%-" + width + "s", "[" + i + "] " + abbreviate(names.get(i), width - 6)));
            for (int j = 0; j < names.size(); j++) {
                row.append(String.format("%6d", r.confusion()[i][j]));
            }
            long other = r.confusion()[i][names.size()];
            row.append(String.format(Locale.ROOT, "  %5.1f%%", 100 * r.recall(i)));
            if (other > 0) {
                row.append("  (+").append(other).append(" predicted outside these classes)");
            }
            System.out.println(row);
        }
    }

    private void writeSidecar(Evaluation.Result r, String model, String dataName) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("data", dataName);
        json.put("images", r.total());
        json.put("correct", r.correct());
        json.put("accuracy", r.accuracy());
        json.put("classes", r.classNames());
        json.put("confusion", r.confusion());
        String name = plot.getFileName().toString();
        Path side = plot.resolveSibling(name.replaceFirst("\\.png$", "") + ".json");
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(side.toFile(), json);
        } catch (IOException e) {
            throw new VisorException("cannot write " + side + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + ".";
    }
}
