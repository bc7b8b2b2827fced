package dev.visor.generative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.engine.Engines;
import dev.visor.model.Activations;
import dev.visor.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks a classifier's code layer (dense: (N, units)) and feature layer (convolutional: (N, C, H, W)). */
public final class CodeLayers {
    private CodeLayers() {}

    /** The shape (without batch) of every layer of the classifier, from one pass on a blank image. */
    public static Map<String, long[]> shapes(Model classifier) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (NDManager m = Engines.newManager()) {
            NDArray x = classifier.inputSpec().toModel(m.zeros(classifier.inputSpec().batchShape(1)));
            Activations a = classifier.forward(x, classifier.layerNames().toArray(String[]::new));
            for (String l : classifier.layerNames()) {
                NDArray v = a.get(l);
                if (v != null) {
                    long[] s = v.getShape().getShape();
                    shapes.put(l, Arrays.copyOfRange(s, 1, s.length));
                }
            }
        }
        return shapes;
    }

    /**
     * The length of the code at {@code codeLayer}, after checking that it is dense and that {@code featureLayer} is
     * convolutional.
     *
     * @throws VisorException naming the valid layers otherwise
     */
    public static int check(Model classifier, String codeLayer, String featureLayer) {
        classifier.resolve(codeLayer);
        classifier.resolve(featureLayer);
        Map<String, long[]> shapes = shapes(classifier);
        long[] code = shapes.get(codeLayer);
        if (code == null || code.length != 1) {
            throw new VisorException("code layer '" + codeLayer + "' of " + classifier.source() + " is not a dense layer (its output is "
                    + describe(code) + "); dense layers: " + String.join(", ", ofRank(shapes, 1)));
        }
        long[] feat = shapes.get(featureLayer);
        if (feat == null || feat.length != 3) {
            throw new VisorException("feature layer '" + featureLayer + "' of " + classifier.source()
                    + " is not a convolutional layer (its output is " + describe(feat) + "); convolutional layers: "
                    + String.join(", ", ofRank(shapes, 3)));
        }
        return (int) code[0];
    }

    private static List<String> ofRank(Map<String, long[]> shapes, int rank) {
        List<String> out = new ArrayList<>();
        shapes.forEach((k, v) -> {
            if (v.length == rank) {
                out.add(k);
            }
        });
        return out;
    }

    private static String describe(long[] s) {
        if (s == null) {
            return "not computed";
        }
        StringBuilder b = new StringBuilder();
        for (long d : s) {
            b.append(b.length() == 0 ? "" : "x").append(d);
        }
        return b.toString();
    }
}
