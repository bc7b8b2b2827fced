package dev.visor.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.attribution.AttributionMethod;
import dev.visor.attribution.Attributor;
import dev.visor.engine.RunRandom;
import dev.visor.io.ModelLoader;
import dev.visor.io.ModelOptions;
import dev.visor.model.Model;
import dev.visor.sanity.SanityJob;
import dev.visor.sanity.SanitySettings;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The sanity cascade's total time ({@link SanityJob}: cascading and independent randomisation, every method) against
 * the time of the maps it computes on the trained model, measured in the same run: the rest is making the
 * randomised copies and comparing maps.
 */
@Command(name = "sanity", mixinStandardHelpOptions = true, description = "total time of the sanity cascade vs its maps alone.")
public final class SanityBench implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, split = ",", defaultValue = "builtin:fashion-cnn,zoo:darknet-tiny",
            description = "models (default ${DEFAULT-VALUE})")
    List<String> models;

    @Option(names = "--input-size", defaultValue = "64", description = "input side for models that take any size (default ${DEFAULT-VALUE}; 0: the model's)")
    int size;

    @Option(names = "--depth", defaultValue = "4", description = "top weighted layers randomised (default ${DEFAULT-VALUE}; 0: all)")
    int depth;

    @Override
    public Integer call() {
        SanitySettings s = SanitySettings.defaults().withDepth(depth);
        BenchTable t = new BenchTable("model", "input px", "randomised models", "maps", "cascade total s", "ms / map",
                "one map on the trained model ms (mean of methods)", "cascade / maps alone");
        for (String name : models) {
            boolean builtin = name.startsWith("builtin:");
            ModelOptions o = size > 0 && !builtin ? new ModelOptions(size, null, null, null, null, null, null, null) : ModelOptions.none();
            try (Model m = ModelLoader.load(name, o); NDManager root = m.manager().newSubManager()) {
                NDArray image = new RunRandom(1).uniform(root, m.inputSpec().batchShape(1), 0, 1);
                SanityJob.run(m, image, s.withDepth(1));
                SanityJob.Result r = SanityJob.run(m, image, s);
                int maps = s.methods().size() * (1 + r.rows().size());
                Attributor a = new Attributor(m);
                String cam = a.defaultLayer(null);
                double perMap = 0;
                for (AttributionMethod meth : s.methods()) {
                    perMap += Timing.medianMs(1, 5, () -> {
                        try (NDManager step = root.newSubManager()) {
                            NDArray x = image.duplicate();
                            x.attach(step);
                            a.run(x, meth, null, cam).map().toFloatArray();
                        }
                    });
                }
                perMap /= s.methods().size();
                double msPerMap = 1000 * r.seconds() / maps;
                t.row(name, m.inputSpec().height(), r.rows().size(), maps, r.seconds(), msPerMap, perMap, msPerMap / perMap);
            }
        }
        System.out.println("methods " + s.methods().stream().map(AttributionMethod::key).toList() + ", depth " + depth
                + " (cascading + independent), one run of the cascade after a depth-1 warm-up; maps alone: median of 5 per method");
        System.out.print(t.render());
        return 0;
    }
}
