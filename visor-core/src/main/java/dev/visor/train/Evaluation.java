package dev.visor.train;

import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.data.Batches;
import dev.visor.data.Dataset;
import dev.visor.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Accuracy and confusion matrix of a classifier on a labelled dataset (inference mode). Dataset
 * classes are matched to the model's outputs by name when the model's labels contain them all,
 * and by index otherwise.
 */
public final class Evaluation {
    private Evaluation() {}

    /**
     * The result.
     *
     * @param classNames the dataset's class names (rows and columns)
     * @param confusion  counts, {@code confusion[true][predicted]}; a prediction outside the
     *                   dataset's classes counts in an extra last column
     * @param total      images evaluated
     * @param correct    images classified correctly
     */
    public record Result(List<String> classNames, long[][] confusion, long total, long correct) {
        /** Fraction correct. */
        public double accuracy() {
            return total == 0 ? Double.NaN : (double) correct / total;
        }

        /** Per-class recall (diagonal over row sum). */
        public double recall(int c) {
            long row = 0;
            for (long v : confusion[c]) {
                row += v;
            }
            return row == 0 ? Double.NaN : (double) confusion[c][c] / row;
        }
    }

    /** Evaluates with no progress reports. */
    public static Result run(Model model, Dataset data, int batchSize) {
        return run(model, data, batchSize, n -> { });
    }

    /**
     * Evaluates the model on every item of the dataset.
     *
     * @param progress called with the number of images done after each batch
     */
    public static Result run(Model model, Dataset data, int batchSize, IntConsumer progress) {
        if (!data.labelled()) {
            throw new VisorException("dataset " + data.name() + " has no labels (or not for every image); evaluation needs"
                    + " labels: use class sub-folders or a CSV with a label column");
        }
        int[] toModel = classMap(data.classNames(), model.labels(), data.name(), model.source());
        int k = data.classNames().size();
        long[][] confusion = new long[k][k + 1];
        long correct = 0;
        long total = 0;
        try (NDManager m = model.manager().newSubManager()) {
            for (Batches.Batch b : Batches.of(data, model.inputSpec(), batchSize, m)) {
                try (b) {
                    long[] pred = model.forward(b.input()).output().argMax(1).toLongArray();
                    for (int i = 0; i < pred.length; i++) {
                        int truth = b.labels()[i];
                        int p = fromModel(toModel, (int) pred[i]);
                        confusion[truth][p < 0 ? k : p]++;
                        if (p == truth) {
                            correct++;
                        }
                    }
                    total += pred.length;
                    progress.accept((int) total);
                }
            }
        }
        return new Result(data.classNames(), confusion, total, correct);
    }

    /** Model output index of each dataset class. */
    static int[] classMap(List<String> dataClasses, List<String> modelLabels, String dataName, String modelName) {
        int[] map = new int[dataClasses.size()];
        if (!modelLabels.isEmpty() && modelLabels.containsAll(dataClasses)) {
            for (int c = 0; c < map.length; c++) {
                map[c] = modelLabels.indexOf(dataClasses.get(c));
            }
            return map;
        }
        if (!modelLabels.isEmpty() && dataClasses.size() > modelLabels.size()) {
            List<String> missing = new ArrayList<>(dataClasses);
            missing.removeAll(modelLabels);
            throw new VisorException("dataset " + dataName + " has " + dataClasses.size() + " classes but model " + modelName
                    + " has " + modelLabels.size() + " outputs, and classes " + missing + " are not among its labels");
        }
        for (int c = 0; c < map.length; c++) {
            map[c] = c;
        }
        return map;
    }

    private static int fromModel(int[] toModel, int out) {
        for (int c = 0; c < toModel.length; c++) {
            if (toModel[c] == out) {
                return c;
            }
        }
        return -1;
    }
}
