package dev.visor.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Batches;
import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.ImageFileDataset;
import dev.visor.data.Split;
import dev.visor.io.ModelLoader;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.stats.PassListener;
import dev.visor.top.TopJob;
import dev.visor.top.TopSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Images/s of a whole {@code top} pass (two layers, k = 9: decoding and preprocessing on the prefetch thread,
 * forward, spatial max, argmax of the candidates, top-k and moments updates) beside two forward-only loops of the
 * same model, same layers, same batches: with the inputs already prepared in memory (the pass's upper bound), and
 * a forward-only pass over the dataset (decoding and preprocessing on the same thread, no statistics). Besides wall
 * time it reports process CPU time per image (every thread).
 */
@Command(name = "top", mixinStandardHelpOptions = true, description = "images/s: a top pass (2 layers, k = 9) vs forward only.")
public final class TopBench implements Callable<Integer> {
    @Option(names = "--fashion-images", defaultValue = "10000", description = "Fashion-MNIST test images (default ${DEFAULT-VALUE})")
    int fashionImages;

    @Option(names = "--darknet", defaultValue = "zoo:darknet-tiny", description = "the darknet-tiny model, or none to skip it (default ${DEFAULT-VALUE})")
    String darknet;

    @Option(names = "--photos", defaultValue = "../shared/images", description = "folder of sample photos (default ${DEFAULT-VALUE})")
    Path photos;

    @Option(names = "--repeat", defaultValue = "8", description = "times the photos are repeated (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--runs", defaultValue = "3", description = "measured runs per cell (median; default ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() {
        BenchTable t = new BenchTable("model", "data", "images", "batch", "layers", "forward, inputs ready img/s",
                "forward-only pass img/s", "top pass img/s", "top / forward ready", "top / forward pass",
                "CPU ms/img: forward ready", "forward pass", "top");
        try (Model m = ModelLoader.load("builtin:fashion-cnn")) {
            Dataset d = FashionMnist.open(Split.TEST).head(fashionImages);
            measure(t, m, "builtin:fashion-cnn", d, "fashion-mnist:test", 100, List.of("bn1", "bn2"));
        }
        if ("none".equals(darknet)) {
            System.out.print(t.render());
            return 0;
        }
        try (Model m = ModelLoader.load(darknet)) {
            Dataset folder = ImageFileDataset.folder(photos);
            int[] idx = new int[folder.size() * repeat];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i % folder.size();
            }
            measure(t, m, darknet, folder.subset(idx), folder.size() + " photos ×" + repeat, 8,
                    List.of("leaky_re_lu_5", "leaky_re_lu_13"));
        }
        System.out.println("median of " + runs + " interleaved runs after one warm-up each; " + Runtime.getRuntime().availableProcessors()
                + " cores; k = 9, all units of both layers");
        System.out.print(t.render());
        return 0;
    }

    private void measure(BenchTable t, Model m, String name, Dataset d, String data, int batch, List<String> layers) {
        ForwardRequest request = ForwardRequest.of(layers);
        TopSettings s = TopSettings.defaults().withLayers(layers).withBatchSize(batch);
        try (NDManager root = m.manager().newSubManager()) {
            List<NDArray> inputs = new ArrayList<>();
            for (Batches.Batch b : Batches.of(d, m.inputSpec(), batch, root)) {
                inputs.add(b.input());
            }
            Runnable forward = () -> {
                for (NDArray x : inputs) {
                    try (NDManager step = root.newSubManager()) {
                        NDArray in = x.duplicate();
                        in.attach(step);
                        m.forward(in, request);
                    }
                }
            };
            Runnable forwardPass = () -> {
                for (Batches.Batch b : Batches.of(d, m.inputSpec(), batch, root)) {
                    try (b) {
                        m.forward(b.input(), request);
                    }
                }
            };
            Runnable top = () -> TopJob.run(m, d, s, PassListener.NONE);
            List<Runnable> cases = List.of(forward, forwardPass, top);
            cases.forEach(Runnable::run);
            // Interleaved, so that load from other processes drifts into every column alike.
            double[][][] times = new double[cases.size()][2][runs];
            for (int r = 0; r < runs; r++) {
                for (int c = 0; c < cases.size(); c++) {
                    time(cases.get(c), times[c], r);
                }
            }
            double[] wall = new double[cases.size()];
            double[] cpu = new double[cases.size()];
            for (int c = 0; c < cases.size(); c++) {
                wall[c] = median(times[c][0]);
                cpu[c] = median(times[c][1]);
            }
            t.row(name, data, d.size(), batch, String.join(", ", layers), d.size() / wall[0], d.size() / wall[1],
                    d.size() / wall[2], wall[0] / wall[2], wall[1] / wall[2], 1000 * cpu[0] / d.size(), 1000 * cpu[1] / d.size(),
                    1000 * cpu[2] / d.size());
        }
    }

    /** Wall seconds and process CPU seconds (all threads: libtorch's, the prefetch thread) of one run. */
    private static void time(Runnable r, double[][] into, int i) {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        long w0 = System.nanoTime();
        r.run();
        into[0][i] = (System.nanoTime() - w0) / 1e9;
        into[1][i] = (os.getProcessCpuTime() - c0) / 1e9;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }
}
