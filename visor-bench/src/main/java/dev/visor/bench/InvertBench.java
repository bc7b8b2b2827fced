package dev.visor.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.engine.RunRandom;
import dev.visor.invert.InvertJob;
import dev.visor.invert.InvertSettings;
import dev.visor.io.ModelLoader;
import dev.visor.io.ModelOptions;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.optvis.Presets;
import dev.visor.optvis.objective.FeatureMatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Speed of network inversion: median steps/s of {@link InvertJob} (preset {@code invert}: pixels, feature match
 * plus α-norm and TV priors) per layer, against a bare forward+backward of the same feature-match objective on
 * the same input shape in the same run.
 */
@Command(name = "invert", mixinStandardHelpOptions = true, description = "inversion steps/s per layer vs a bare forward+backward.")
public final class InvertBench implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, defaultValue = "zoo:darknet-tiny", description = "model (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--input-size", defaultValue = "48", description = "input side in pixels (default ${DEFAULT-VALUE}; 0: the model's)")
    int size;

    @Option(names = "--layers", split = ",", defaultValue = "leaky_re_lu_2,leaky_re_lu_5,leaky_re_lu_8",
            description = "layers inverted (default ${DEFAULT-VALUE})")
    List<String> layers;

    @Option(names = "--steps", defaultValue = "20", description = "measured steps per layer (default ${DEFAULT-VALUE})")
    int steps;

    @Override
    public Integer call() {
        ModelOptions o = size > 0 ? new ModelOptions(size, null, null, null, null, null, null, null) : ModelOptions.none();
        try (Model m = ModelLoader.load(model, o); NDManager root = m.manager().newSubManager()) {
            int side = m.inputSpec().height();
            NDArray image = new RunRandom(1).uniform(root, m.inputSpec().batchShape(1), 0, 1);
            BenchTable t = new BenchTable("layer", "inversion steps/s", "ms/step", "bare fwd+bwd ms", "inversion / bare");
            for (String layer : layers) {
                StepTimer timer = new StepTimer(RenderBench.WARMUP);
                InvertSettings s = InvertSettings.builder().layers(List.of(layer))
                        .recipe(Presets.invert().with("steps", steps + RenderBench.WARMUP)).build();
                InvertJob.run(m, image, s, timer);
                double step = timer.medianMs();
                NDArray phi0 = m.forward(m.inputSpec().toModel(image), ForwardRequest.of(List.of(layer))).get(layer).stopGradient();
                double bare = RenderBench.bareMs(m, new FeatureMatch(Map.of(layer, phi0), FeatureMatch.Mode.MATCH), 1, side, root, steps);
                t.row(layer, 1000 / step, step, bare, step / bare);
            }
            System.out.println("model " + model + " at " + side + " px, preset invert, median step of " + steps + " after "
                    + RenderBench.WARMUP + " warm-up steps; bare: forward to the layer + backward of the feature match, same input shape");
            System.out.print(t.render());
        }
        return 0;
    }
}
