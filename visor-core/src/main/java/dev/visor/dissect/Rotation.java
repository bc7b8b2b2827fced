package dev.visor.dissect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import dev.visor.engine.RunRandom;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.Model;
import dev.visor.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The rotation test of Bau et al. 2017 (§3.2): a random orthogonal change of basis of a layer's channels keeps
 * what the layer represents but not which single units carry it. {@link #random} draws Q uniformly (Haar) from
 * the orthogonal group; {@link #apply} returns a model whose extra layer {@code <layer>-rotated} is Q applied to
 * the layer's channels at every position (a 1×1 convolution with Q as its weights), so it can be dissected like
 * any layer.
 */
public final class Rotation {
    /** Suffix of the rotated layer's name. */
    public static final String SUFFIX = "-rotated";

    private Rotation() {}

    /**
     * A random n×n orthogonal matrix: Q of the QR decomposition of a standard Gaussian matrix, its columns' signs
     * fixed by R's diagonal so that Q is Haar-distributed (Mezzadri 2007), seeded.
     */
    public static double[][] random(int n, long seed) {
        if (n < 1) {
            throw new VisorException("a rotation needs at least one channel, got " + n);
        }
        Random r = new RunRandom(seed).asRandom();
        double[][] g = new double[n][n];
        for (double[] row : g) {
            for (int j = 0; j < n; j++) {
                row[j] = r.nextGaussian();
            }
        }
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(g, false));
        RealMatrix q = qr.getQ();
        RealMatrix rr = qr.getR();
        double[][] out = q.getData();
        for (int j = 0; j < n; j++) {
            if (rr.getEntry(j, j) < 0) {
                for (int i = 0; i < n; i++) {
                    out[i][j] = -out[i][j];
                }
            }
        }
        return out;
    }

    /** The name of the rotated copy of {@code layer} in {@link #apply}'s model. */
    public static String rotatedName(String layer) {
        return layer + SUFFIX;
    }

    /**
     * A model computing everything {@code model} does plus layer {@link #rotatedName rotatedName(layer)}, whose
     * channel i is Σ_j q[i][j]·a_j of the layer's channels a. The new model shares {@code model}'s weights (which
     * must outlive it); closing it frees only the rotation's.
     *
     * @param q a square matrix, one row and column per channel of the layer
     */
    public static Model apply(Model model, String layer, double[][] q) {
        String tensor = model.resolve(layer);
        int n = q.length;
        float[] w = new float[n * n];
        for (int i = 0; i < n; i++) {
            if (q[i].length != n) {
                throw new VisorException("the rotation must be square, row " + i + " has " + q[i].length + " of " + n + " entries");
            }
            for (int j = 0; j < n; j++) {
                w[i * n + j] = (float) q[i][j];
            }
        }
        Graph g = model.graph();
        String name = rotatedName(layer);
        if (model.hasLayer(name)) {
            throw new VisorException("the model already has a layer '" + name + "'");
        }
        NDManager own = model.manager().newSubManager();
        NDArray weight = own.create(w, new Shape(n, n, 1, 1));
        List<Node> nodes = new ArrayList<>(g.nodes());
        nodes.add(Node.of(name, "Conv", List.of(tensor, name + "/w"), name, Attributes.empty()));
        var init = new java.util.LinkedHashMap<>(g.initializers());
        init.put(name + "/w", weight);
        var aliases = new java.util.LinkedHashMap<>(g.layerAliases());
        if (!aliases.isEmpty()) {
            aliases.put(name, name);
        }
        Graph rotated = new Graph(g.name() + SUFFIX, g.inputName(), g.inputShape(), nodes, init, g.outputs(), aliases);
        return new Model(rotated, model.inputSpec(), model.labels(), model.source() + " (" + layer + " rotated)", own);
    }
}
