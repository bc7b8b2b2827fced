package dev.visor.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Images;
import dev.visor.generative.LatentGenerator;
import dev.visor.generative.RealismScore;
import dev.visor.model.Model;
import dev.visor.optvis.step.CodePrior;
import dev.visor.ppgn.Captioner;
import dev.visor.ppgn.DaePrior;
import dev.visor.ppgn.InpaintMask;
import dev.visor.ppgn.JointPrior;
import dev.visor.ppgn.PpgnJob;
import dev.visor.ppgn.PpgnResult;
import dev.visor.ppgn.PpgnSettings;
import dev.visor.ppgn.PpgnWriter;
import dev.visor.report.OutputDir;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor ppgn}: Plug & Play Generative Networks sampling (Nguyen et al. 2017). */
@Command(name = "ppgn", mixinStandardHelpOptions = true,
        description = {"Sample images with PPGN: chains of codes h of a generator G moved by"
                + " h <- h + eps1 (R(h) - h) + eps2 dlog p(y|G(h))/dh + N(0, eps3^2), normalised by mean|dh|, h clipped.",
            "Writes grid.png (a row per chain), chain-NN.gif and ppgn.json (every kept sample's step, condition probability,"
                + " judge top-1; realism scores)."})
public final class PpgnCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Mixin
    GeneratorOptions generatorOptions;

    @Option(names = "--dae", defaultValue = "builtin:fashion-dae", paramLabel = "R",
            description = "the prior R on h: a denoising autoencoder (default ${DEFAULT-VALUE}), or 'joint' for the Noiseless"
                    + " Joint PPGN reconstruction E(G(h))")
    String dae;

    /** Exactly one condition. */
    static final class Condition {
        @Option(names = "--class", paramLabel = "N", description = "a class (index or name); repeat for several")
        List<String> classes;

        @Option(names = "--objective", paramLabel = "OBJ", description = "any objective (relu2:5@center, logprob(7) - logprob(5)); repeat")
        List<String> objectives;

        @Option(names = "--unit", paramLabel = "LAYER:N", description = "a hidden unit at the centre (chains reset every 100 steps)")
        String unit;

        @Option(names = "--caption", paramLabel = "TEXT", description = "a caption of --captioner's vocabulary (\"a dark ankle boot\")")
        String caption;

        @Option(names = "--inpaint", paramLabel = "IMAGE", description = "a real image to inpaint (default patch: centred 10x10 at 28 px)")
        Path inpaint;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Condition condition;

    @Option(names = "--captioner", defaultValue = "builtin:fashion-captioner", paramLabel = "MODEL",
            description = "the caption network for --caption (default ${DEFAULT-VALUE})")
    String captioner;

    @Option(names = "--mask", paramLabel = "FILE", description = "inpainting mask: white (> 0.5) pixels are the patch to fill")
    Path mask;

    @Option(names = "--chains", defaultValue = "4", paramLabel = "C", description = "chains per condition (default ${DEFAULT-VALUE})")
    int chains;

    @Option(names = "--steps", defaultValue = "" + PpgnSettings.DEFAULT_STEPS, paramLabel = "N", description = "steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--burn-in", defaultValue = "" + PpgnSettings.DEFAULT_BURN_IN, paramLabel = "N",
            description = "steps before the first kept sample (default ${DEFAULT-VALUE})")
    int burnIn;

    @Option(names = "--keep-every", defaultValue = "" + PpgnSettings.DEFAULT_KEEP_EVERY, paramLabel = "N",
            description = "keep every N-th step after the burn-in (default ${DEFAULT-VALUE})")
    int keepEvery;

    @Option(names = "--eps1", paramLabel = "E", description = "prior weight (default 1e-5; 1e-3 with --caption)")
    Double eps1;

    @Option(names = "--eps2", defaultValue = "1", paramLabel = "E", description = "condition weight (default ${DEFAULT-VALUE})")
    double eps2;

    @Option(names = "--eps3", paramLabel = "E",
            description = "noise std (default " + PpgnSettings.CLASS_EPS3 + "; 1e-17 with --caption or --inpaint)")
    Double eps3Option;

    @Option(names = "--eps4", defaultValue = "" + PpgnSettings.DEFAULT_EPS4, paramLabel = "E",
            description = "inpainting weight on the known pixels' squared error (default ${DEFAULT-VALUE})")
    double eps4;

    @Option(names = "--lr", paramLabel = "RATE", description = "normalised step size (default 1; " + PpgnSettings.INPAINT_LR
            + " for --inpaint)")
    Double lr;

    @Option(names = "--clip", defaultValue = "1", paramLabel = "F",
            description = "clip h to [0, F x the largest code value over real data] (default ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--code-layer", defaultValue = "relu_fc1", paramLabel = "LAYER", description = "the layer G decodes (default ${DEFAULT-VALUE})")
    String codeLayer;

    @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "DATA", description = "real data (default ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--judge", defaultValue = RealismScore.DEFAULT_JUDGE, paramLabel = "MODEL",
            description = "the realism judge (default ${DEFAULT-VALUE}; none: no realism score)")
    String judge;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "ppgn", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        List<String> objectives = new ArrayList<>();
        if (condition.classes != null) {
            condition.classes.forEach(c -> objectives.add("logprob(" + (c.matches("\\d+") ? c : "'" + c + "'") + ")"));
        }
        if (condition.objectives != null) {
            objectives.addAll(condition.objectives);
        }
        if (condition.unit != null) {
            objectives.add(condition.unit + "@center");
        }
        String caption = condition.caption == null ? "" : condition.caption;
        double eps3 = eps3Option != null ? eps3Option
                : caption.isEmpty() && condition.inpaint == null ? PpgnSettings.CLASS_EPS3 : dev.visor.optvis.step.PpgnStep.EPS3;
        double e1 = eps1 != null ? eps1 : caption.isEmpty() ? 1e-5 : 1e-3;
        double rate = lr != null ? lr : condition.inpaint != null ? PpgnSettings.INPAINT_LR : 1;
        PpgnSettings s = PpgnSettings.builder().objectives(objectives).caption(caption).chains(chains).steps(steps).burnIn(burnIn)
                .keepEvery(keepEvery).eps1(e1).eps2(eps2).eps3(eps3).eps4(eps4).learningRate(rate).clip(clip)
                .resetEvery(condition.unit != null ? PpgnSettings.UNIT_RESET : 0).codeLayer(codeLayer).data(data)
                .judge(judge.equals("none") ? "" : judge).seed(seed).out(out).build();
        try (Model model = modelOptions.load(); Model g = generatorOptions.load();
             LatentGenerator lg = generatorOptions.wrap(g, model.inputSpec())) {
            DaePrior r = dae.equals("joint") ? null : DaePrior.load(dae);
            Captioner cap = caption.isEmpty() ? null : Captioner.load(captioner);
            try {
                CodePrior prior = r != null ? r : new JointPrior(lg, model, codeLayer);
                OutputDir.prepare(out);
                PpgnResult result;
                if (condition.inpaint != null) {
                    result = inpaint(model, lg, prior, s);
                } else {
                    result = PpgnJob.run(model, lg, prior, cap, s, new ProgressListener("ppgn"));
                }
                PpgnWriter.Files files = PpgnWriter.write(result, s, model.source(), lg.describe(), prior.describe(), out);
                for (String c : result.conditions()) {
                    var mine = result.samples().stream().filter(x -> x.condition().equals(c)).toList();
                    double p = mine.stream().mapToDouble(PpgnResult.Sample::probability).average().orElse(Double.NaN);
                    long hit = mine.stream().filter(x -> x.target() >= 0 && x.top1() == x.target()).count();
                    System.out.printf(Locale.ROOT, "%-28s %d samples  mean condition probability %.3f%s%n", c, mine.size(), p,
                            mine.get(0).target() >= 0 ? String.format(Locale.ROOT, "  top-1 their class %d/%d", hit, mine.size()) : "");
                }
                if (result.realism() != null) {
                    System.out.println("realism: " + result.realism().describe());
                }
                System.out.println("-> " + files.grid());
            } finally {
                if (r != null) {
                    r.close();
                }
                if (cap != null) {
                    cap.close();
                }
            }
        }
        return 0;
    }

    private PpgnResult inpaint(Model model, LatentGenerator lg, CodePrior prior, PpgnSettings s) {
        var spec = model.inputSpec();
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = Images.load(m, List.of(condition.inpaint), spec.channels(), spec.height(), spec.width());
            NDArray mk = mask != null ? InpaintMask.fromFile(m, mask, spec) : InpaintMask.centred(m, spec);
            return PpgnJob.inpaint(model, lg, prior, s, x, mk, new ProgressListener("ppgn inpaint"));
        }
    }
}
