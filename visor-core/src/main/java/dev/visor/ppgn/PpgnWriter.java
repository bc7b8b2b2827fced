package dev.visor.ppgn;

import dev.visor.data.Images;
import dev.visor.report.GifWriter;
import dev.visor.report.ImageGrid;
import dev.visor.report.Sidecar;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a PPGN run: {@code grid.png} (a row per chain, a column per kept sample), {@code chain-NN.gif}
 * (the chain every {@code gifEvery} steps), and {@code ppgn.json} (settings, sampler, every sample's step,
 * condition probability, classifier and judge top-1, realism scores of all samples and of each condition).
 */
public final class PpgnWriter {
    private PpgnWriter() {}

    /** The files written. */
    public record Files(Path grid, List<Path> gifs, Path summary) {}

    /** Writes everything into {@code out} (already prepared). */
    public static Files write(PpgnResult r, PpgnSettings s, String model, String generator, String prior, Path out) {
        int chainsTotal = r.frames().size();
        int perChain = r.samples().size() / Math.max(1, chainsTotal);
        List<BufferedImage> cells = new ArrayList<>();
        r.samples().forEach(x -> cells.add(x.image()));
        Path grid = out.resolve("grid.png");
        Images.writePng(ImageGrid.grid(cells, Math.max(1, perChain), 2), grid);
        List<Path> gifs = new ArrayList<>();
        for (int c = 0; c < chainsTotal; c++) {
            Path f = out.resolve(String.format("chain-%02d.gif", c));
            GifWriter.write(r.frames().get(c), 80, 4, f);
            gifs.add(f);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("method", "ppgn");
        summary.put("model", model);
        summary.put("generator", generator);
        summary.put("prior", prior);
        summary.put("sampler", r.sampler());
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("objectives", s.objectives());
        set.put("caption", s.caption());
        set.put("chains", s.chains());
        set.put("steps", s.steps());
        set.put("burn_in", s.burnIn());
        set.put("keep_every", s.keepEvery());
        set.put("eps1", s.eps1());
        set.put("eps2", s.eps2());
        set.put("eps3", s.eps3());
        set.put("eps4", s.eps4());
        set.put("lr", s.learningRate());
        set.put("clip_factor", s.clip());
        set.put("reset_every", s.resetEvery());
        set.put("code_layer", s.codeLayer());
        set.put("judge", s.judge());
        set.put("seed", s.seed());
        summary.put("settings", set);
        summary.put("conditions", r.conditions());
        summary.put("chains", r.chains());
        summary.put("steps", r.steps());
        summary.put("seconds", r.seconds());
        summary.put("realism_all", r.realism());
        summary.put("realism_by_condition", r.realismByCondition());
        List<Map<String, Object>> samples = new ArrayList<>();
        for (PpgnResult.Sample x : r.samples()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("chain", x.chain());
            m.put("condition", x.condition());
            m.put("step", x.step());
            m.put("target_class", x.target());
            m.put("condition_probability", x.probability());
            m.put("top1", x.top1());
            m.put("judge_top1", x.judgeTop1());
            m.put("judge_probability", x.judgeProb());
            m.put("realism_condition", r.realismByCondition().getOrDefault(x.condition(), r.realism()));
            samples.add(m);
        }
        summary.put("samples", samples);
        Path json = out.resolve("ppgn.json");
        Sidecar.write(json, summary);
        return new Files(grid, gifs, json);
    }

}
