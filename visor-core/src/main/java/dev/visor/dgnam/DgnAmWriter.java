package dev.visor.dgnam;

import dev.visor.data.Images;
import dev.visor.generative.RealismScore;
import dev.visor.optvis.RenderFiles;
import dev.visor.report.ImageGrid;
import dev.visor.report.NpyWriter;
import dev.visor.report.Sidecar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a DGN-AM run: {@code NN_<objective>_cK.png} with a sidecar each (scores, top-1 classes, the final code's
 * statistics), {@code grid.png} (a row per objective, a column per copy), {@code codes.npy} and
 * {@code start-codes.npy} (float32, (N, code...)) and {@code dgn-am.json} (settings, generator, code range, hit
 * rates and realism scores).
 */
public final class DgnAmWriter {
    private DgnAmWriter() {}

    /** The files written. */
    public record Files(List<Path> images, Path grid, Path summary, Path codes, Path startCodes) {}

    /** Writes everything into {@code out} (already prepared). */
    public static Files write(DgnAmResult r, DgnAmSettings s, String model, Path out) {
        List<Path> files = new ArrayList<>();
        for (DgnAmResult.Item it : r.items()) {
            int j = it.index() / s.copies();
            Path f = out.resolve(String.format("%02d_%s_c%d.png", j, RenderFiles.slug(it.objective()), it.copy()));
            Images.writePng(r.images().get(it.index()), f);
            files.add(f);
            Map<String, Object> side = new LinkedHashMap<>();
            side.put("image", f.getFileName().toString());
            side.put("method", "dgn-am");
            side.put("model", model);
            side.put("generator", r.generator());
            side.put("objective", it.objective());
            side.put("copy", it.copy());
            side.put("seed", s.seed());
            side.put("start", s.start());
            side.put("activation_start", it.start());
            side.put("activation_end", it.end());
            side.put("target_class", it.target());
            side.put("top1", it.top1());
            side.put("top1_label", it.top1Label());
            side.put("top1_probability", it.top1Prob());
            side.put("judge", s.judge());
            side.put("judge_top1", it.judgeTop1());
            side.put("judge_probability", it.judgeProb());
            side.put("code", it.code());
            side.put("code_start", r.startCodes()[it.index()]);
            RealismScore.Score own = r.realismByObjective().get(it.objective());
            if (own != null) {
                side.put("realism_objective", own);
            }
            if (r.realism() != null) {
                side.put("realism_all", r.realism());
            }
            side.put("steps_run", r.steps());
            side.put("visor_version", dev.visor.Visor.VERSION);
            Sidecar.write(Sidecar.pathFor(f), side);
        }
        Path grid = out.resolve("grid.png");
        Images.writePng(ImageGrid.grid(r.images(), s.copies() > 1 ? s.copies() : 0, 2), grid);
        Path codes = out.resolve("codes.npy");
        Path starts = out.resolve("start-codes.npy");
        writeNpy(codes, r.codes(), r.codeShape());
        writeNpy(starts, r.startCodes(), r.codeShape());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("method", "dgn-am");
        summary.put("model", model);
        summary.put("generator", r.generator());
        summary.put("settings", settingsMap(s));
        if (r.codeRange() != null) {
            Map<String, Object> cr = new LinkedHashMap<>();
            cr.put("layer", r.codeRange().layer());
            cr.put("data", r.codeRange().data());
            cr.put("images", r.codeRange().images());
            cr.put("max_observed", r.codeRange().overallMax());
            cr.put("clip_upper_per_unit", s.clipFactor() > 0 ? r.codeRange().upper(s.clipFactor()) : null);
            summary.put("code_range", cr);
        }
        summary.put("class_hit_rate", nanToNull(r.hitRate()));
        summary.put("judge_class_hit_rate", nanToNull(r.judgeHitRate()));
        summary.put("realism", r.realism());
        summary.put("realism_by_objective", r.realismByObjective());
        summary.put("images", files.stream().map(p -> p.getFileName().toString()).toList());
        summary.put("steps_run", r.steps());
        summary.put("seconds", Math.round(r.seconds() * 100) / 100.0);
        summary.put("visor_version", dev.visor.Visor.VERSION);
        Path json = out.resolve("dgn-am.json");
        Sidecar.write(json, summary);
        return new Files(files, grid, json, codes, starts);
    }

    private static Object nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    static Map<String, Object> settingsMap(DgnAmSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objectives", s.objectives());
        m.put("copies", s.copies());
        m.put("steps", s.steps());
        m.put("learning_rate", s.learningRate());
        m.put("learning_rate_end", s.learningRateEnd());
        m.put("decay", s.decay());
        m.put("clip_factor", s.clipFactor());
        m.put("start", s.start());
        m.put("code_layer", s.codeLayer());
        m.put("data", s.data());
        m.put("code_images", s.codeImages());
        m.put("judge", s.judge());
        m.put("judge_layer", s.judgeLayer());
        m.put("real_images", s.realImages());
        m.put("resamples", s.resamples());
        m.put("seed", s.seed());
        return m;
    }

    private static void writeNpy(Path file, float[][] rows, long[] shape) {
        long[] full = new long[shape.length + 1];
        full[0] = rows.length;
        System.arraycopy(shape, 0, full, 1, shape.length);
        try (NpyWriter w = NpyWriter.create(file, full)) {
            for (float[] row : rows) {
                w.write(row);
            }
        }
    }
}
