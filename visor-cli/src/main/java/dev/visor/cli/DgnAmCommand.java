package dev.visor.cli;

import dev.visor.dgnam.DgnAmJob;
import dev.visor.dgnam.DgnAmResult;
import dev.visor.dgnam.DgnAmSettings;
import dev.visor.dgnam.DgnAmWriter;
import dev.visor.generative.LatentGenerator;
import dev.visor.generative.RealismScore;
import dev.visor.model.Model;
import dev.visor.report.OutputDir;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor dgn-am}: activation maximisation through a generator's code (Nguyen et al. 2016). */
@Command(name = "dgn-am", mixinStandardHelpOptions = true,
        description = {"Activation maximisation through a generator G: optimise G's code h so that G(h) maximises the objective"
                + " (DGN-AM: h += lr·g/mean|g|, lr 8 -> ~0 over 200 steps, h <- 0.99·h, h clipped to [0, 3·max observed]).",
            "Writes NN_OBJECTIVE_cK.png + sidecars, grid.png, codes.npy, start-codes.npy and dgn-am.json, and prints the"
                + " realism score (Fréchet distance to real test images in the judge's penultimate features)."})
public final class DgnAmCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Mixin
    GeneratorOptions generatorOptions;

    @Option(names = {"-o", "--objective"}, required = true, paramLabel = "OBJ",
            description = "an objective as visor render takes it (logit(7), relu2:5, sums and differences); repeat for several")
    List<String> objectives;

    @Option(names = "--copies", defaultValue = "1", paramLabel = "K", description = "renders per objective, each from its own start code (default ${DEFAULT-VALUE})")
    int copies;

    @Option(names = "--steps", defaultValue = "200", paramLabel = "N", description = "steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", defaultValue = "8", paramLabel = "RATE", description = "step size at the first step, linear to --lr-end (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--lr-end", defaultValue = "1e-10", paramLabel = "RATE", description = "step size at the last step (default ${DEFAULT-VALUE})")
    double lrEnd;

    @Option(names = "--decay", defaultValue = "0.99", paramLabel = "F", description = "h <- F·h after each step (default ${DEFAULT-VALUE}; 1: none)")
    double decay;

    @Option(names = "--clip-factor", defaultValue = "3", paramLabel = "F",
            description = "clip h to [0, F x each unit's largest E(x) over real data] when the code layer is known (default ${DEFAULT-VALUE}; 0: none)")
    double clipFactor;

    @Option(names = "--start", defaultValue = "random", paramLabel = "zero|random|image:PATH",
            description = "the start code: zero, random (the real codes' per-unit moments) or image:PATH (E(x)); default ${DEFAULT-VALUE}")
    String start;

    @Option(names = "--code-layer", paramLabel = "LAYER",
            description = "the classifier's layer G decodes (E's output), for the clip and --start image:; default: the one the"
                    + " generator's training record names, else none")
    String codeLayer;

    @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "DATA",
            description = "real data: code range (train split) and realism (test split); default ${DEFAULT-VALUE}")
    String data;

    @Option(names = "--judge", defaultValue = RealismScore.DEFAULT_JUDGE, paramLabel = "MODEL",
            description = "the realism judge and second classifier (default ${DEFAULT-VALUE}; none: no realism score)")
    String judge;

    @Option(names = "--judge-layer", paramLabel = "LAYER", description = "the judge's feature layer (default: its penultimate layer)")
    String judgeLayer;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "dgn-am", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        try (Model model = modelOptions.load(); Model g = generatorOptions.load()) {
            String layer = codeLayer != null ? codeLayer : dev.visor.generative.GeneratorRecord.codeLayer(generatorOptions.name());
            DgnAmSettings s = DgnAmSettings.builder().objectives(objectives).copies(copies).steps(steps).learningRate(lr)
                    .learningRateEnd(lrEnd).decay(decay).clipFactor(clipFactor).start(start).codeLayer(layer).data(data)
                    .judge(judge.equals("none") ? "" : judge).judgeLayer(judgeLayer).seed(seed).out(out).build();
            try (LatentGenerator lg = generatorOptions.wrap(g, model.inputSpec())) {
                OutputDir.prepare(out);
                DgnAmResult r = DgnAmJob.run(model, lg, s, new ProgressListener("dgn-am"));
                DgnAmWriter.Files files = DgnAmWriter.write(r, s, model.source(), out);
                for (DgnAmResult.Item it : r.items()) {
                    System.out.printf(Locale.ROOT, "%-24s copy %d  objective %.3f -> %.3f  top-1 %s (%.2f)%s  code max %.2f%n",
                            it.objective(), it.copy(), it.start(), it.end(), it.top1Label(), it.top1Prob(),
                            it.judgeTop1() >= 0 ? "  judge top-1 " + it.judgeTop1() : "", it.code().max());
                }
                if (!Double.isNaN(r.hitRate())) {
                    System.out.printf(Locale.ROOT, "class objectives top-1 their class: %.0f %% (model)%s%n", 100 * r.hitRate(),
                            Double.isNaN(r.judgeHitRate()) ? "" : String.format(Locale.ROOT, ", %.0f %% (judge %s)", 100 * r.judgeHitRate(), s.judge()));
                }
                if (r.realism() != null) {
                    System.out.println("realism: " + r.realism().describe());
                }
                System.out.println("-> " + files.grid());
            }
        }
        return 0;
    }
}
