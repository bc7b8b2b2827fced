package dev.visor.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.engine.RunRandom;
import dev.visor.io.ModelLoader;
import dev.visor.io.ModelOptions;
import dev.visor.model.Model;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.Objectives;
import dev.visor.project.ProjectJob;
import dev.visor.project.ProjectSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Latency of Zeiler–Fergus projections of one image ({@link ProjectJob}: a forward pass to rank the units, then
 * one DeconvNet backward for all of them as a batch) against a plain forward+backward of that many items.
 */
@Command(name = "project", mixinStandardHelpOptions = true, description = "projection latency per image vs a plain forward+backward.")
public final class ProjectBench implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, defaultValue = "zoo:darknet-tiny", description = "model (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--input-size", defaultValue = "0", description = "input side in pixels (default 0: the model's)")
    int size;

    @Option(names = "--layer", defaultValue = "leaky_re_lu_4", description = "layer projected (default ${DEFAULT-VALUE})")
    String layer;

    @Option(names = "--units", split = ",", defaultValue = "1,9", description = "units projected per image (default ${DEFAULT-VALUE})")
    int[] units;

    @Option(names = "--runs", defaultValue = "5", description = "measured runs per cell (median; default ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() {
        ModelOptions o = size > 0 ? new ModelOptions(size, null, null, null, null, null, null, null) : ModelOptions.none();
        try (Model m = ModelLoader.load(model, o); NDManager root = m.manager().newSubManager()) {
            ProjectJob.requireSpatial(m, layer);
            int side = m.inputSpec().height();
            NDArray image = new RunRandom(1).uniform(root, m.inputSpec().batchShape(1), 0, 1);
            BenchTable t = new BenchTable("units", "projection ms / image", "ms / unit", "plain fwd+bwd ms (batch = units)",
                    "projection / plain");
            for (int n : units) {
                ProjectSettings s = ProjectSettings.of(layer).withTopUnits(n);
                double project = Timing.medianMs(1, runs, () -> {
                    try (NDManager step = root.newSubManager()) {
                        NDArray x = image.duplicate();
                        x.attach(step);
                        ProjectJob.run(m, x, s).units().get(0).projection().toFloatArray();
                    }
                });
                List<Objective> per = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    per.add(Objectives.channel(layer, i));
                }
                double plain = RenderBench.bareMs(m, Objective.perItem(per), n, side, root, runs);
                t.row(n, project, project / n, plain, project / plain);
            }
            System.out.println("model " + model + " at " + side + " px, layer " + layer + ", median of " + runs
                    + " runs; plain: forward to the layer + backward to the input, same batch");
            System.out.print(t.render());
        }
        return 0;
    }
}
