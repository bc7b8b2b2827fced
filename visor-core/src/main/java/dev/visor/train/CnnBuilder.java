package dev.visor.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.RunRandom;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import java.util.List;

/**
 * Emits a small classifier CNN as a {@link Graph} of ONNX-semantics nodes with readable layer
 * names ({@code conv1, bn1, relu1, pool1, ..., fc1, relu_fc1, dropout1, logits}) and seeded initial
 * weights: He-normal convolution and hidden dense weights, LeCun-normal logits, zero biases,
 * identity batch norm.
 * Each node's output tensor has the node's name, so layer names resolve directly.
 */
public final class CnnBuilder {
    private final Graph.Builder graph = new Graph.Builder();
    private final NDManager manager;
    private final RunRandom random;
    private String current;
    private long channels;
    private long height;
    private long width;
    private long features = -1;
    private int conv;
    private int pool;
    private int fc;
    private int dropout;

    /**
     * @param name    model name
     * @param spec    the input (channels and size)
     * @param manager owns the weights
     * @param random  draws the initial weights
     */
    public CnnBuilder(String name, InputSpec spec, NDManager manager, RunRandom random) {
        this.manager = manager;
        this.random = random;
        this.current = "input";
        this.channels = spec.channels();
        this.height = spec.height();
        this.width = spec.width();
        graph.name(name).input("input", -1, spec.channels(), spec.height(), spec.width());
    }

    /** Convolution (k×k, same padding, no bias), batch norm and ReLU: {@code convN, bnN, reluN}. */
    public CnnBuilder conv(int out, int k) {
        conv++;
        String c = "conv" + conv;
        String bn = "bn" + conv;
        String relu = "relu" + conv;
        long fanIn = channels * k * k;
        graph.initializer(c + ".weight", random.normal(manager, new Shape(out, channels, k, k), (float) Math.sqrt(2.0 / fanIn)));
        int p = k / 2;
        graph.node(c, "Conv", List.of(current, c + ".weight"), c, Attributes.builder()
                .put("kernel_shape", (long) k, k).put("pads", (long) p, p, p, p).put("strides", 1L, 1).build());
        graph.initializer(bn + ".scale", manager.ones(new Shape(out)));
        graph.initializer(bn + ".bias", manager.zeros(new Shape(out)));
        graph.initializer(bn + ".mean", manager.zeros(new Shape(out)));
        graph.initializer(bn + ".var", manager.ones(new Shape(out)));
        graph.node(bn, "BatchNormalization", List.of(c, bn + ".scale", bn + ".bias", bn + ".mean", bn + ".var"), bn,
                Attributes.builder().put("epsilon", 1e-5f).put("momentum", 0.9f).build());
        graph.node(relu, "Relu", List.of(bn), relu, Attributes.empty());
        current = relu;
        channels = out;
        return this;
    }

    /** 2×2 max pooling with stride 2: {@code poolN}. */
    public CnnBuilder pool() {
        pool++;
        String n = "pool" + pool;
        graph.node(n, "MaxPool", List.of(current), n, Attributes.builder().put("kernel_shape", 2L, 2).put("strides", 2L, 2).build());
        current = n;
        height /= 2;
        width /= 2;
        return this;
    }

    /** Flattens to (N, C·H·W): {@code flatten}. */
    public CnnBuilder flatten() {
        graph.node("flatten", "Flatten", List.of(current), "flatten", Attributes.builder().put("axis", 1L).build());
        current = "flatten";
        features = channels * height * width;
        return this;
    }

    /** Dense layer and ReLU: {@code fcN, relu_fcN}. */
    public CnnBuilder dense(int units) {
        fc++;
        String n = "fc" + fc;
        gemm(n, units, 2.0);
        graph.node("relu_" + n, "Relu", List.of(n), "relu_" + n, Attributes.empty());
        current = "relu_" + n;
        features = units;
        return this;
    }

    /** Dropout with this rate while training: {@code dropoutN}. */
    public CnnBuilder dropout(float rate) {
        dropout++;
        String n = "dropout" + dropout;
        graph.node(n, "Dropout", List.of(current), n, Attributes.builder().put("ratio", rate).build());
        current = n;
        return this;
    }

    /** The classifier layer {@code logits} (no softmax) and the finished graph. */
    public Graph logits(int classes) {
        gemm("logits", classes, 1.0);
        return graph.output("logits").build();
    }

    /** Adds a weight that no node of the CNN uses (read by code outside the graph, e.g. a decoder). */
    public CnnBuilder initializer(String name, ai.djl.ndarray.NDArray value) {
        graph.initializer(name, value);
        return this;
    }

    /** The finished graph with the last layer so far (e.g. {@code relu_fc1}) as its output: a feature extractor. */
    public Graph features() {
        return graph.output(current).build();
    }

    /** Dense weights with std sqrt(gain / fan-in): He (gain 2) before a ReLU, LeCun (gain 1) for the logits. */
    private void gemm(String n, int units, double gain) {
        if (features < 0) {
            throw new IllegalStateException("flatten() before a dense layer");
        }
        graph.initializer(n + ".weight", random.normal(manager, new Shape(units, features), (float) Math.sqrt(gain / features)));
        graph.initializer(n + ".bias", manager.zeros(new Shape(units)));
        graph.node(n, "Gemm", List.of(current, n + ".weight", n + ".bias"), n, Attributes.builder().put("transB", 1L).build());
    }
}
