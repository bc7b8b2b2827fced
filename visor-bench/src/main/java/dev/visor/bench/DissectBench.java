package dev.visor.bench;

import dev.visor.data.Batches;
import dev.visor.dissect.DissectJob;
import dev.visor.dissect.DissectSettings;
import dev.visor.dissect.ProbeSet;
import dev.visor.dissect.SynthProbeSet;
import dev.visor.dissect.SynthSettings;
import dev.visor.io.ModelLoader;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.stats.PassListener;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Network dissection (both passes, no report) beside a forward-only pass over the same probe images (decoded and
 * preprocessed on the same thread), on synthetic probe sets of two sizes; peak heap of each dissection (the heap
 * pools' peaks after a GC and a reset); minutes projected for a Broden-sized set of 63 305 images.
 */
@Command(name = "dissect", mixinStandardHelpOptions = true, description = "images/s of dissection vs forward only; peak heap.")
public final class DissectBench implements Callable<Integer> {
    /** Images in Broden (Bau et al. 2017). */
    static final int BRODEN = 63_305;

    @Option(names = "--model", defaultValue = "builtin:fashion-cnn", description = "model (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--layer", defaultValue = "relu1,relu2", split = ",", description = "layers (default ${DEFAULT-VALUE})")
    List<String> layers;

    @Option(names = "--images", defaultValue = "1000,10000", split = ",", description = "probe set sizes (default ${DEFAULT-VALUE})")
    List<Integer> images;

    @Option(names = "--size", defaultValue = "32", description = "probe image side (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--batch-size", defaultValue = "50", description = "batch (default ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() throws Exception {
        BenchTable t = new BenchTable("model", "layers", "images", "size", "forward-only pass img/s", "dissection img/s",
                "dissection / forward", "peak heap MB", "projected min for 63k");
        Path tmp = Files.createTempDirectory("visor-bench-dissect");
        try (Model m = ModelLoader.load(model)) {
            for (int n : images) {
                ProbeSet probe = ProbeSet.open(SynthProbeSet.write(SynthSettings.defaults().withImages(n).withSize(size).withSeed(1),
                        tmp.resolve("p" + n)));
                ForwardRequest request = ForwardRequest.of(layers);
                long w0 = System.nanoTime();
                try (var root = m.manager().newSubManager()) {
                    for (Batches.Batch b : Batches.of(probe, m.inputSpec(), batch, root)) {
                        try (b) {
                            m.forward(b.input(), request);
                        }
                    }
                }
                double forward = (System.nanoTime() - w0) / 1e9;
                System.gc();
                List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == MemoryType.HEAP).toList();
                heap.forEach(MemoryPoolMXBean::resetPeakUsage);
                long d0 = System.nanoTime();
                DissectJob.run(m, probe, DissectSettings.defaults().withLayers(layers).withBatchSize(batch).withTopImages(4),
                        PassListener.NONE, null);
                double dissect = (System.nanoTime() - d0) / 1e9;
                long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
                t.row(model, String.join(", ", layers), n, size, n / forward, n / dissect, forward / dissect, peak / 1e6,
                        BRODEN / (n / dissect) / 60);
                System.out.print(t.render());
            }
        }
        return 0;
    }
}
