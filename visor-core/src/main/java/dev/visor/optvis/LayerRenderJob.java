package dev.visor.optvis;

import ai.djl.ndarray.NDManager;
import dev.visor.data.Images;
import dev.visor.engine.RunRandom;
import dev.visor.job.UnitList;
import dev.visor.model.Model;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.Objectives;
import dev.visor.report.ImageGrid;
import dev.visor.report.OutputDir;
import dev.visor.report.Sidecar;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code render-layer} job. The unit list is cut into batches of {@code batch} consecutive units
 * <em>before</em> anything else; a shard takes every N-th batch and a rerun skips batches whose units all
 * have a PNG and a sidecar (files are written atomically, so a killed run leaves none half-written).
 * Each batch's seed is {@link RunRandom#derive}(seed, first unit of the batch). So a unit's image depends
 * only on the model, its objective, the recipe, the seed and its batch on the whole list: one process,
 * N shards or a resumed run write byte-identical files.
 */
public final class LayerRenderJob {
    private LayerRenderJob() {}

    /** What the job found to do. */
    public record Plan(String layer, int units, int batches, int batchesInShard, int batchesDone) {}

    /** What the job did: the units rendered now, and every unit file present at the end. */
    public record Result(Plan plan, List<Integer> rendered, List<Path> files, Path grid) {}

    /** Follows a layer render. All methods default to doing nothing. */
    public interface Listener {
        /** Once, before the first batch. */
        default void planned(Plan plan) {}

        /** The render listener for one batch (a progress bar). */
        default RenderListener batch(String task) {
            return new RenderListener() {};
        }

        /** After a batch's files are written. */
        default void written(List<Integer> units, List<Path> files) {}
    }

    /** Runs the job; layer, unit and output errors come before any work. */
    public static Result run(Model model, LayerRenderSettings s, Listener listener) {
        List<List<Integer>> batches = batches(model, s);
        List<Integer> mine = new ArrayList<>();
        int done = 0;
        for (int b = 0; b < batches.size(); b++) {
            if (s.shard().owns(b)) {
                mine.add(b);
                done += written(s, batches.get(b)) ? 1 : 0;
            }
        }
        Plan plan = new Plan(s.layer(), batches.stream().mapToInt(List::size).sum(), batches.size(), mine.size(), done);
        listener.planned(plan);
        List<Integer> rendered = new ArrayList<>();
        for (int b : mine) {
            if (renderBatch(model, s, b, batches.get(b), listener)) {
                rendered.addAll(batches.get(b));
            }
        }
        return finish(s, batches, plan, rendered);
    }

    /**
     * The job's work units: the chosen units (all of the layer when none) cut into batches of {@code batch}
     * consecutive units, numbered from 0 on the whole list; a shard or a Spark task takes some of them. Checks the
     * layer, units and render budget and prepares the output folder first.
     */
    public static List<List<Integer>> batches(Model model, LayerRenderSettings s) {
        ModelShapes shapes = new ModelShapes(model);
        int count = Math.toIntExact(shapes.units(s.layer()));
        List<Integer> all = s.units().isEmpty() ? UnitList.range(0, count) : s.units();
        for (int u : all) {
            shapes.checkUnit(s.layer(), u);
        }
        RenderBudget.check(s.batch(), model.inputSpec().channels(), RenderPlan.size(s.recipe(), model));
        OutputDir.prepare(s.out());
        List<List<Integer>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += s.batch()) {
            batches.add(List.copyOf(all.subList(i, Math.min(all.size(), i + s.batch()))));
        }
        return batches;
    }

    /** True when every unit of a batch has its PNG and sidecar (both are written atomically). */
    public static boolean written(LayerRenderSettings s, List<Integer> batch) {
        return batch.stream().allMatch(u -> written(s, u));
    }

    /**
     * One work unit: renders batch {@code index} (units {@code group}, from {@link #batches}) with its seed
     * {@link RunRandom#derive}(seed, first unit) and writes its files, unless they are all there already.
     *
     * @return true when it rendered, false when the batch was already written
     */
    public static boolean renderBatch(Model model, LayerRenderSettings s, int index, List<Integer> group, Listener listener) {
        if (written(s, group)) {
            return false;
        }
        try (NDManager m = model.manager().newSubManager()) {
            renderBatch(model, s, index, group, listener, m);
        }
        return true;
    }

    /** After the batches: lists the unit files present and writes the layer's grid of them. */
    public static Result finish(LayerRenderSettings s, List<List<Integer>> batches, Plan plan, List<Integer> rendered) {
        List<Path> files = new ArrayList<>();
        List<BufferedImage> tiles = new ArrayList<>();
        for (List<Integer> batch : batches) {
            for (int u : batch) {
                Path f = RenderFiles.unitPng(s.out(), s.layer(), u);
                if (Files.isRegularFile(f)) {
                    files.add(f);
                    tiles.add(Images.read(f));
                }
            }
        }
        Path grid = RenderFiles.layerGrid(s.out(), s.layer());
        if (!tiles.isEmpty()) {
            Images.writePng(ImageGrid.grid(tiles, 0, 2), grid);
        }
        return new Result(plan, rendered, files, tiles.isEmpty() ? null : grid);
    }

    private static void renderBatch(Model model, LayerRenderSettings s, int index, List<Integer> group, Listener listener,
                                    NDManager m) {
        List<Objective> objs = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int u : group) {
            Objective o = s.neuron() ? Objectives.neuron(s.layer(), u) : Objectives.channel(s.layer(), u);
            objs.add(o);
            texts.add(o.describe());
            files.add(RenderFiles.unitPng(s.out(), s.layer(), u));
        }
        long seed = RunRandom.derive(s.seed(), group.get(0));
        String task = String.format("units %d-%d", group.get(0), group.get(group.size() - 1));
        RenderResult r = BatchRender.render(model, objs, s.recipe(), seed, List.of(listener.batch(task)), m);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("layer", s.layer());
        extra.put("base_seed", s.seed());
        extra.put("batch_index", index);
        extra.put("batch_units", group);
        extra.put("neuron", s.neuron());
        RenderWriter.write(model, r, s.recipe(), seed, texts, files, extra);
        r.image().close();
        listener.written(group, files);
    }

    private static boolean written(LayerRenderSettings s, int unit) {
        Path png = RenderFiles.unitPng(s.out(), s.layer(), unit);
        return Files.isRegularFile(png) && Files.isRegularFile(Sidecar.pathFor(png));
    }
}
