package dev.visor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A network Visor can look into: a {@link Graph} of ONNX-semantics nodes run eagerly over DJL
 * arrays, its {@link InputSpec}, and its class labels when known. One call runs the graph and
 * returns the named activations that were asked for, stopping at the deepest one needed.
 *
 * <p>The model owns the manager that holds its weights; close the model to free them. Forward passes
 * put every array they make in the input's manager, so a per-step sub-manager frees a whole step.
 */
public final class Model implements AutoCloseable {
    private final Graph graph;
    private final InputSpec inputSpec;
    private final List<String> labels;
    private final String source;
    private final NDManager manager;
    private final List<Node> order;
    private final List<Op> ops;
    private final Map<String, Integer> producer = new HashMap<>();
    private final Map<String, Node> nodesByName = new LinkedHashMap<>();
    private final Set<NDArray> initializerSet = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<List<String>, int[]> plans = new ConcurrentHashMap<>();
    /** Inference fusions: a BatchNormalization node index to the Conv+BN op that replaces the pair. */
    private final Map<Integer, ConvBatchNormOp> fused = new HashMap<>();
    private final Set<Integer> fusedConvs = new HashSet<>();
    private final Set<String> fusedHidden = new HashSet<>();
    private volatile OpTimer opTimer;
    private final FastForward fastForward = new FastForward(this);

    /**
     * Builds a runnable model.
     *
     * @param graph     topology and weights (the weights must live in {@code manager})
     * @param inputSpec what the input is
     * @param labels    class names, or an empty list
     * @param source    where it came from (file path or zoo name), for messages
     * @param manager   the manager that owns the weights; closed with the model
     */
    public Model(Graph graph, InputSpec inputSpec, List<String> labels, String source, NDManager manager) {
        this.graph = graph;
        this.inputSpec = inputSpec;
        this.labels = List.copyOf(labels);
        this.source = source;
        this.manager = manager;
        this.order = topologicalOrder(graph, source);
        this.ops = new ArrayList<>(order.size());
        OpRegistry registry = OpRegistry.standard();
        for (int i = 0; i < order.size(); i++) {
            Node n = order.get(i);
            ops.add(registry.create(n, source));
            for (String out : n.outputs()) {
                producer.put(out, i);
            }
            nodesByName.put(n.name(), n);
        }
        initializerSet.addAll(graph.initializers().values());
        findFusions();
        for (String out : graph.outputs()) {
            if (!producer.containsKey(out) && !out.equals(graph.inputName())) {
                throw new VisorException("model output '" + out + "' is produced by no node in " + source);
            }
        }
    }

    /** Topology and weights. */
    public Graph graph() {
        return graph;
    }

    /** What the model expects as input. */
    public InputSpec inputSpec() {
        return inputSpec;
    }

    /** Class names (empty when unknown). */
    public List<String> labels() {
        return labels;
    }

    /** Where the model came from. */
    public String source() {
        return source;
    }

    /** The manager that owns the weights. */
    public NDManager manager() {
        return manager;
    }

    /** Nodes in execution order. */
    public List<Node> nodes() {
        return order;
    }

    /** Layer names users can pick, in execution order: aliases (e.g. Keras layers) or else node names. */
    public List<String> layerNames() {
        if (!graph.layerAliases().isEmpty()) {
            return List.copyOf(graph.layerAliases().keySet());
        }
        return order.stream().map(Node::name).collect(Collectors.toList());
    }

    /**
     * The tensor name of a layer: a layer alias, a node name (its first output) or a tensor name.
     *
     * @throws VisorException naming the closest valid names when unknown
     */
    public String resolve(String layer) {
        String t = graph.layerAliases().get(layer);
        if (t != null) {
            return t;
        }
        Node n = nodesByName.get(layer);
        if (n != null) {
            return n.outputs().get(0);
        }
        if (producer.containsKey(layer) || layer.equals(graph.inputName())) {
            return layer;
        }
        throw new VisorException("unknown layer '" + layer + "' in " + source + "; closest: "
                + String.join(", ", closest(layer, 5)) + " (`visor layers` lists all " + layerNames().size() + ")");
    }

    /** True if the name resolves to a layer or tensor of this model. */
    public boolean hasLayer(String layer) {
        return graph.layerAliases().containsKey(layer) || nodesByName.containsKey(layer)
                || producer.containsKey(layer) || layer.equals(graph.inputName());
    }

    /** The node that produces a layer's tensor (null for the input). */
    public Node producerOf(String layer) {
        Integer i = producer.get(resolve(layer));
        return i == null ? null : order.get(i);
    }

    /** Runs the model to its outputs. */
    public Activations forward(NDArray input) {
        return forward(input, ForwardRequest.of());
    }

    /** Runs the model up to the deepest requested layer. */
    public Activations forward(NDArray input, String... layers) {
        return forward(input, ForwardRequest.of(layers));
    }

    /**
     * Runs the nodes needed for the requested layers (all outputs when none requested) on a batch
     * (NCHW, already preprocessed by {@link InputSpec#toModel}). A pass that needs no gradient may run on
     * ONNX Runtime over this model's own ONNX export ({@link FastForward}; {@link ForwardRequest#reference()} or
     * {@code VISOR_FAST_FORWARD=off} keep it on libtorch); its activations then hold only the requested layers.
     */
    public Activations forward(NDArray input, ForwardRequest request) {
        checkInput(input);
        Activations fast = fastForward.tryRun(input, request);
        if (fast != null) {
            return fast;
        }
        return execute(Map.of(graph.inputName(), input), input.getManager(), request);
    }

    /**
     * Low-level run on several named inputs (graph input, or any initializer such as a secondary input
     * an importer gave a default value), without the image-input checks. Arrays are made in the first
     * feed's manager.
     *
     * @return the graph outputs by name, in graph order
     */
    public Map<String, NDArray> run(Map<String, NDArray> feeds) {
        for (String name : feeds.keySet()) {
            if (!name.equals(graph.inputName()) && !graph.initializers().containsKey(name)) {
                throw new VisorException("'" + name + "' is not an input of " + source);
            }
        }
        NDManager step = feeds.isEmpty() ? manager : feeds.values().iterator().next().getManager();
        Activations a = execute(feeds, step, ForwardRequest.of());
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String o : graph.outputs()) {
            out.put(o, a.all().get(o));
        }
        return out;
    }

    private Activations execute(Map<String, NDArray> feeds, NDManager step, ForwardRequest request) {
        if (request.training()) {
            fastForward.invalidate();
        }
        List<String> targets = new ArrayList<>();
        for (String l : request.layers()) {
            targets.add(resolve(l));
        }
        if (targets.isEmpty()) {
            targets.addAll(graph.outputs());
        }
        Set<String> leafTensors = new HashSet<>();
        for (String l : request.leaves()) {
            leafTensors.add(resolve(l));
        }
        int[] plan = plans.computeIfAbsent(List.copyOf(new LinkedHashSet<>(targets)), this::plan);
        boolean fuse = !request.training() && !fusedHidden.isEmpty()
                && targets.stream().noneMatch(fusedHidden::contains) && leafTensors.stream().noneMatch(fusedHidden::contains);
        Map<String, NDArray> values = new HashMap<>(graph.initializers());
        values.putAll(feeds);
        List<Activations.Cut> cuts = new ArrayList<>();
        boolean customRule = request.rule() != BackwardRule.PLAIN;
        for (int idx : plan) {
            if (fuse && fusedConvs.contains(idx)) {
                continue;
            }
            Node node = order.get(idx);
            Op op = ops.get(idx);
            List<String> inputNames = node.inputs();
            if (fuse && fused.containsKey(idx)) {
                op = fused.get(idx);
                inputNames = fused.get(idx).inputs();
            }
            List<NDArray> ins = new ArrayList<>(inputNames.size());
            for (String in : inputNames) {
                if (in.isEmpty()) {
                    ins.add(null);
                    continue;
                }
                NDArray v = values.get(in);
                if (v == null) {
                    throw new VisorException("node '" + node.name() + "' reads tensor '" + in + "', which nothing produces, in " + source);
                }
                ins.add(v);
            }
            List<NDArray> outs;
            OpTimer timer = opTimer;
            long t0 = timer == null ? 0 : System.nanoTime();
            try {
                outs = op.apply(new OpContext(step, request.training(), node), ins);
                if (timer != null) {
                    timer.record(node, op instanceof ConvBatchNormOp ? "Conv+BatchNormalization" : node.opType(), System.nanoTime() - t0);
                }
            } catch (VisorException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new VisorException("node '" + node.name() + "' (" + node.opType() + ") failed on inputs "
                        + describe(ins) + ": " + firstLine(e.getMessage()), e);
            }
            for (int o = 0; o < node.outputs().size() && o < outs.size(); o++) {
                NDArray out = outs.get(o);
                if (out == null) {
                    continue;
                }
                if (out.getManager() != step && !initializerSet.contains(out) && !containsSame(ins, out)) {
                    out.attach(step);
                }
                String name = node.outputs().get(o);
                NDArray slope = customRule && o == 0 ? op.rectifierSlope(ins.get(0)) : null;
                if (slope != null || leafTensors.contains(name)) {
                    NDArray leaf = out.stopGradient();
                    leaf.setRequiresGradient(true);
                    // A rectifier's rule maps the output gradient to its input, so the cut starts below it.
                    cuts.add(new Activations.Cut(slope != null ? ins.get(0) : out, leaf, slope));
                    out = leaf;
                }
                values.put(name, out);
            }
        }
        return new Activations(this, values, cuts, request.rule());
    }

    private void checkInput(NDArray input) {
        long[] want = graph.inputShape();
        long[] got = input.getShape().getShape();
        boolean ok = want.length == got.length;
        for (int i = 0; ok && i < want.length; i++) {
            ok = want[i] <= 0 || want[i] == got[i];
        }
        if (!ok) {
            throw new VisorException("input of shape " + input.getShape() + " does not fit " + source + ", which expects "
                    + java.util.Arrays.toString(want).replace("-1", "N"));
        }
    }

    /**
     * Finds Conv→BatchNormalization pairs whose convolution output nobody else reads: inference runs them as
     * one convolution with folded weights (one pass over the activations less), unless a request asks for
     * the convolution's own output or trains.
     */
    private void findFusions() {
        Map<String, Integer> readers = new HashMap<>();
        for (Node n : order) {
            for (String in : n.inputs()) {
                readers.merge(in, 1, Integer::sum);
            }
        }
        for (int i = 0; i < order.size(); i++) {
            Node bn = order.get(i);
            if (!bn.opType().equals("BatchNormalization") || bn.inputs().size() != 5 || bn.outputs().size() != 1) {
                continue;
            }
            Integer j = producer.get(bn.inputs().get(0));
            if (j == null || !order.get(j).opType().equals("Conv")) {
                continue;
            }
            Node conv = order.get(j);
            String hidden = conv.outputs().get(0);
            boolean weightsOnly = bn.inputs().subList(1, 5).stream().allMatch(graph.initializers()::containsKey)
                    && conv.inputs().subList(1, conv.inputs().size()).stream().allMatch(in -> in.isEmpty() || graph.initializers().containsKey(in));
            if (!weightsOnly || readers.getOrDefault(hidden, 0) != 1 || graph.outputs().contains(hidden)
                    || graph.initializers().get(conv.inputs().get(1)).getShape().dimension() != 4) {
                continue;
            }
            fused.put(i, new ConvBatchNormOp(conv, bn, ops.get(j)));
            fusedConvs.add(j);
            fusedHidden.add(hidden);
        }
    }

    /** Indices of the nodes needed for the targets, in execution order. */
    private int[] plan(List<String> targets) {
        Set<Integer> needed = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(targets);
        while (!todo.isEmpty()) {
            String t = todo.pop();
            Integer p = producer.get(t);
            if (p == null || !needed.add(p)) {
                continue;
            }
            for (String in : order.get(p).inputs()) {
                if (!in.isEmpty()) {
                    todo.push(in);
                }
            }
        }
        return needed.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static List<Node> topologicalOrder(Graph graph, String source) {
        Set<String> available = new HashSet<>(graph.initializers().keySet());
        available.add(graph.inputName());
        available.add("");
        List<Node> pending = new ArrayList<>(graph.nodes());
        List<Node> result = new ArrayList<>(pending.size());
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                Node n = it.next();
                if (available.containsAll(n.inputs())) {
                    result.add(n);
                    available.addAll(n.outputs());
                    it.remove();
                    progress = true;
                }
            }
        }
        if (!pending.isEmpty()) {
            Node n = pending.get(0);
            List<String> missing = n.inputs().stream().filter(i -> !available.contains(i)).toList();
            throw new VisorException("node '" + n.name() + "' in " + source + " reads " + missing
                    + ", which no node produces (or the graph has a cycle)");
        }
        return result;
    }

    private List<String> closest(String name, int k) {
        Set<String> names = new LinkedHashSet<>(layerNames());
        names.addAll(nodesByName.keySet());
        String lower = name.toLowerCase();
        return names.stream()
                .sorted(Comparator.comparingInt((String s) -> Levenshtein.distance(lower, s.toLowerCase())).thenComparing(s -> s))
                .limit(k).collect(Collectors.toList());
    }

    private static boolean containsSame(List<NDArray> list, NDArray a) {
        for (NDArray x : list) {
            if (x == a) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Collection<NDArray> ins) {
        return ins.stream().map(a -> a == null ? "-" : a.getShape().toString()).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Times every op of later libtorch passes (null: off); for profiling only. */
    public void setOpTimer(OpTimer timer) {
        this.opTimer = timer;
    }

    /** Number of parameters (weights) a node reads from the initializers; see {@link LayerTable} for a layer's. */
    public long parameterCount(Node node) {
        return Parameters.count(graph, List.of(node));
    }

    /**
     * Says that weights were changed in place outside a training pass (a training pass says so itself), so that
     * passes on ONNX Runtime export the model anew instead of using the old weights.
     */
    public void weightsChanged() {
        fastForward.invalidate();
    }

    @Override
    public void close() {
        fastForward.close();
        manager.close();
    }
}
