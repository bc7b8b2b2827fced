package dev.visor.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visor.dgnam.DgnAmJob;
import dev.visor.dgnam.DgnAmSettings;
import dev.visor.engine.RunRandom;
import dev.visor.generative.LatentGenerator;
import dev.visor.io.ModelLoader;
import dev.visor.model.Activations;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.optvis.objective.Evaluation;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.ObjectiveParser;
import dev.visor.optvis.param.LatentParameterization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Speed of DGN-AM: median steps/s of {@link DgnAmJob} (the shared renderer on a latent parameterisation, normalised
 * steps, code decay and clip) against a bare G forward + classifier forward + backward to the code on the same batch
 * in the same run; the ratio is the loop's overhead.
 */
@Command(name = "dgn-am", mixinStandardHelpOptions = true, description = "DGN-AM steps/s vs a bare G + classifier forward+backward.")
public final class DgnAmBench implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, defaultValue = "builtin:fashion-cnn", description = "classifier (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = {"-g", "--generator"}, defaultValue = "builtin:fashion-generator", description = "generator (default ${DEFAULT-VALUE})")
    String generator;

    @Option(names = "--latent-input", description = "the generator input optimised (when it has several)")
    String latentInput;

    @Option(names = "--fix-input", description = "NAME=onehot:K|zeros|FILE.npy for the other inputs")
    List<String> fixInputs;

    @Option(names = "--code-layer", defaultValue = "", description = "the classifier's code layer (for the clip); default: the generator's training record's")
    String codeLayer;

    @Option(names = "--batch", defaultValue = "10", description = "codes optimised together: one class objective each (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--steps", defaultValue = "40", description = "measured steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--repeats", defaultValue = "5", description = "alternating runs of both; medians reported (default ${DEFAULT-VALUE})")
    int repeats;

    @Override
    public Integer call() {
        Map<String, String> fixed = new LinkedHashMap<>();
        for (String f : fixInputs == null ? List.<String>of() : fixInputs) {
            fixed.put(f.substring(0, f.indexOf('=')), f.substring(f.indexOf('=') + 1));
        }
        try (Model m = ModelLoader.load(model); Model g = ModelLoader.load(generator);
             LatentGenerator lg = new LatentGenerator(g, latentInput, fixed, 0, 1, m.inputSpec());
             NDManager root = m.manager().newSubManager()) {
            List<String> objectives = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                objectives.add("logit(" + (i % Math.max(1, m.labels().size())) + ")");
            }
            DgnAmSettings s = DgnAmSettings.builder().objectives(objectives).steps(steps + RenderBench.WARMUP).judge("")
                    .codeLayer(codeLayer.isEmpty() ? dev.visor.generative.GeneratorRecord.codeLayer(generator) : codeLayer).build();
            Objective o = Objective.perItem(ObjectiveParser.parseAll(objectives, new ModelShapes(m)));
            NDArray h = new RunRandom(1).uniform(root, new Shape(LatentParameterization.codeShape(lg, batch)), 0, 1);
            ForwardRequest req = ForwardRequest.of(List.copyOf(o.layers()));
            // Alternate the two measurements so that the shared machine's load drifts over both alike.
            double[] dgn = new double[repeats];
            double[] bares = new double[repeats];
            for (int rep = 0; rep < repeats; rep++) {
                StepTimer timer = new StepTimer(RenderBench.WARMUP);
                DgnAmJob.run(m, lg, s, timer);
                dgn[rep] = timer.medianMs();
                bares[rep] = Timing.medianMs(RenderBench.WARMUP, this.steps, () -> {
                    try (NDManager sm = root.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray leaf = h.duplicate();
                        leaf.attach(sm);
                        leaf.setRequiresGradient(true);
                        NDArray img = lg.images(leaf);
                        Activations a = m.forward(m.inputSpec().toModel(img), req);
                        a.backward(o.score(new Evaluation(a, img)).sum());
                        leaf.getGradient().toFloatArray();
                    }
                });
            }
            java.util.Arrays.sort(dgn);
            java.util.Arrays.sort(bares);
            double step = dgn[repeats / 2];
            double bare = bares[repeats / 2];
            BenchTable t = new BenchTable("batch", "DGN-AM steps/s", "ms/step", "bare G+model fwd+bwd ms", "DGN-AM / bare",
                    "fastest / fastest");
            System.out.println("per repeat, DGN-AM ms/step sorted " + java.util.Arrays.toString(round(dgn)) + ", bare ms sorted "
                    + java.util.Arrays.toString(round(bares)));
            t.row(batch, 1000 / step, step, bare, step / bare, dgn[0] / bares[0]);
            System.out.println("model " + model + ", generator " + generator + ", batch " + batch + ", median step of " + steps
                    + " after " + RenderBench.WARMUP + " warm-up steps, median of " + repeats + " alternating repeats; bare: G forward + classifier"
                    + " forward + backward to h");
            System.out.print(t.render());
        }
        return 0;
    }

    private static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.round(v[i] * 10) / 10.0;
        }
        return r;
    }
}
