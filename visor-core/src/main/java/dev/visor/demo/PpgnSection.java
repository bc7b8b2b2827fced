package dev.visor.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.visor.builtin.BuiltinModels;
import dev.visor.data.Datasets;
import dev.visor.data.Images;
import dev.visor.data.Split;
import dev.visor.engine.RunRandom;
import dev.visor.generative.LatentGenerator;
import dev.visor.generative.RealismScore;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import dev.visor.ppgn.Captioner;
import dev.visor.ppgn.DaePrior;
import dev.visor.ppgn.InpaintMask;
import dev.visor.ppgn.PpgnJob;
import dev.visor.ppgn.PpgnResult;
import dev.visor.ppgn.PpgnSettings;
import dev.visor.ppgn.PpgnWriter;
import dev.visor.report.OutputDir;
import dev.visor.report.Report;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * PPGN in the demo: one short chain per class through {@code builtin:fashion-generator} with the prior
 * {@code builtin:fashion-dae}, one caption chain and one inpainting of a test image, with the realism score of the
 * class chains' last samples beside the DGN-AM and pixel-space class renders written by the sections before it
 * (same judge, same real draw). Only for {@code builtin:fashion-cnn}, with data.
 */
public final class PpgnSection implements DemoSection {
    static final String CAPTION = "a dark ankle boot";
    private static final int CLASSES = 10;
    private static final int STEPS = 100;

    @Override
    public Report.Section run(DemoContext ctx) {
        Model model = ctx.model();
        if (ctx.settings().data() == null || !BuiltinModels.NAMES.contains("fashion-dae")
                || !model.source().equals(DgnAmSection.CLASSIFIER)) {
            return null;
        }
        Path dir = OutputDir.prepare(ctx.out().resolve("ppgn"));
        long seed = RunRandom.derive(ctx.settings().seed(), "ppgn");
        List<String> objectives = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            objectives.add("logprob(" + c + ")");
        }
        String codeLayer = dev.visor.generative.GeneratorRecord.codeLayer(DgnAmSection.GENERATOR);
        PpgnSettings s = PpgnSettings.builder().objectives(objectives).chains(1).steps(STEPS).burnIn(40).keepEvery(20).codeLayer(codeLayer)
                .eps3(PpgnSettings.CLASS_EPS3).data(ctx.settings().data()).judge("").seed(seed).build();
        try (Model g = ModelLoader.load(DgnAmSection.GENERATOR); LatentGenerator lg = new LatentGenerator(g, "", Map.of(), 0, 1, model.inputSpec());
             DaePrior dae = DaePrior.load("builtin:fashion-dae"); Captioner cap = Captioner.load("builtin:fashion-captioner");
             Model judge = ModelLoader.load(RealismScore.DEFAULT_JUDGE); NDManager m = model.manager().newSubManager()) {
            long t0 = System.nanoTime();
            PpgnResult classes = PpgnJob.run(model, lg, dae, null, s, null);
            PpgnWriter.Files cf = PpgnWriter.write(classes, s, model.source(), lg.describe(), dae.describe(), OutputDir.prepare(dir.resolve("classes")));
            PpgnSettings cs = PpgnSettings.builder().objectives(List.of()).caption(CAPTION).chains(1).steps(STEPS).burnIn(40).keepEvery(20)
                    .eps1(1e-3).codeLayer(codeLayer).data(ctx.settings().data()).judge("").seed(seed).build();
            PpgnResult captioned = PpgnJob.run(model, lg, dae, cap, cs, null);
            PpgnWriter.Files capf = PpgnWriter.write(captioned, cs, model.source(), lg.describe(), dae.describe(), OutputDir.prepare(dir.resolve("caption")));
            var spec = model.inputSpec();
            NDArray x = Datasets.open(ctx.settings().data(), Split.TEST).images(m, new int[] {0}, spec.channels(), spec.height(), spec.width());
            PpgnSettings is = PpgnSettings.builder().chains(1).steps(STEPS).burnIn(40).keepEvery(20).learningRate(PpgnSettings.INPAINT_LR)
                    .codeLayer(codeLayer)
                    .data(ctx.settings().data()).judge("").seed(seed).build();
            PpgnResult inpainted = PpgnJob.inpaint(model, lg, dae, is, x, InpaintMask.centred(m, spec), null);
            PpgnWriter.Files inf = PpgnWriter.write(inpainted, is, model.source(), lg.describe(), dae.describe(), OutputDir.prepare(dir.resolve("inpaint")));
            double seconds = (System.nanoTime() - t0) / 1e9;

            List<BufferedImage> last = classes.samples().stream().filter(q -> q.step() == STEPS).map(PpgnResult.Sample::image).toList();
            RealismScore score = RealismScore.onData(judge, "", Datasets.open(ctx.settings().data(), Split.TEST), 1000);
            Report.SectionBuilder b = new Report.SectionBuilder("PPGN: class, caption and inpainting samples")
                    .text("Plug & Play Generative Networks (Nguyen et al. 2017): h ← h + ε1·(R(h) − h) + ε2·∂log p(y|G(h))/∂h + noise,"
                            + " normalised by mean|Δh|, with the prior R = builtin:fashion-dae and G = " + DgnAmSection.GENERATOR
                            + "; one chain of " + STEPS + " steps per class (a row each: samples at steps 60, 80, 100), one for the caption \""
                            + CAPTION + "\" and one inpainting of the centred 10×10 patch of a test image (ε4 " + PpgnSettings.DEFAULT_EPS4
                            + ", step " + PpgnSettings.INPAINT_LR + ", known pixels pasted back)."
                            + String.format(Locale.ROOT, " Sampling took %.1f s.", seconds)
                            + " Realism: Fréchet distance of each set of " + CLASSES + " class images to real test images in the judge's"
                            + " penultimate features (lower is more realistic).")
                    .header("class images", "realism (FD to real test images)");
            b.row("PPGN (last sample of each chain)", fmt(score.score(stack(m, last, spec), seed, RealismScore.DEFAULT_RESAMPLES)));
            List<BufferedImage> dgn = read(ctx.out().resolve("dgn-am"), "\\d\\d_logit_\\d+_c0\\.png");
            if (dgn.size() == CLASSES) {
                b.row("DGN-AM (the section above)", fmt(score.score(stack(m, dgn, spec), seed, RealismScore.DEFAULT_RESAMPLES)));
            }
            List<BufferedImage> pixel = read(ctx.out().resolve("renders/classes"), "\\d\\d_logit_\\d+\\.png");
            if (pixel.size() == CLASSES) {
                b.row("pixel-space AM (the class renders)", fmt(score.score(stack(m, pixel, spec), seed, RealismScore.DEFAULT_RESAMPLES)));
            }
            b.figure(ctx.out().relativize(cf.grid()).toString(), "class chains, a row per class", ctx.out().relativize(cf.summary()).toString());
            b.figure(ctx.out().relativize(capf.grid()).toString(), "\"" + CAPTION + "\"", ctx.out().relativize(capf.summary()).toString());
            b.figure(ctx.out().relativize(inf.grid()).toString(), "inpainting of test image 0", ctx.out().relativize(inf.summary()).toString());
            return b.build();
        }
    }

    private static String fmt(RealismScore.Score s) {
        return String.format(Locale.ROOT, "%.1f ± %.1f", s.distance(), s.spread());
    }

    private static NDArray stack(NDManager m, List<BufferedImage> images, dev.visor.model.InputSpec spec) {
        return NDArrays.concat(new NDList(images.stream().map(i -> Images.toTensor(m, i, spec.channels(), spec.height(), spec.width())).toList()), 0);
    }

    private static List<BufferedImage> read(Path dir, String pattern) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches(pattern)).sorted().map(Images::read).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
