package dev.visor.spark;

import dev.visor.model.Model;
import dev.visor.optvis.LayerRenderJob;
import dev.visor.optvis.LayerRenderSettings;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderFiles;
import dev.visor.optvis.RenderListener;
import dev.visor.optvis.objective.ModelShapes;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * {@code render-layer} and {@code render-model} on Spark: one task per batch of units of
 * {@link LayerRenderJob#batches}, run by {@link LayerRenderJob#renderBatch} on the executor's model, so each
 * unit's PNG and sidecar are the ones {@code visor render-layer} writes (same batches, same seeds
 * {@code RunRandom.derive(seed, first unit)}). Batches whose files all exist are not even scheduled (resume), a task
 * retried after its batch was written finds it done, and the driver writes each layer's grid at the end.
 */
public final class SparkLayerRender {
    private SparkLayerRender() {}

    /**
     * What a run did.
     *
     * @param layers   each layer's files and grid
     * @param tasks    batches scheduled (those not already written)
     * @param skipped  batches already written before the run
     * @param units    units rendered now
     * @param taskSeconds total seconds the tasks spent rendering
     * @param seconds  wall time of the Spark job
     */
    public record Result(List<LayerRenderJob.Result> layers, int tasks, int skipped, int units, double taskSeconds,
                         double seconds) {}

    /** Renders every batch of the given layer jobs (one or many layers of one model) across the cluster. */
    public static Result run(JavaSparkContext sc, ModelSpec spec, List<LayerRenderSettings> jobs) {
        Model model = ExecutorModels.get(spec);
        List<LayerJob> shipped = new ArrayList<>();
        List<List<List<Integer>>> batches = new ArrayList<>();
        List<BatchTask> todo = new ArrayList<>();
        int skipped = 0;
        for (int j = 0; j < jobs.size(); j++) {
            LayerRenderSettings s = jobs.get(j);
            shipped.add(LayerJob.of(s));
            List<List<Integer>> bs = LayerRenderJob.batches(model, s);
            batches.add(bs);
            for (int b = 0; b < bs.size(); b++) {
                if (LayerRenderJob.written(s, bs.get(b))) {
                    skipped++;
                } else {
                    todo.add(new BatchTask(j, b, bs.get(b)));
                }
            }
        }
        long t0 = System.nanoTime();
        List<BatchDone> done = todo.isEmpty() ? List.of()
                : sc.parallelize(todo, todo.size()).map(new RenderTask(spec, shipped)).collect();
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<LayerRenderJob.Result> results = new ArrayList<>();
        int units = 0;
        double taskSeconds = 0;
        for (int j = 0; j < jobs.size(); j++) {
            List<Integer> rendered = new ArrayList<>();
            int inLayer = 0;
            for (BatchDone d : done) {
                if (d.job() == j) {
                    inLayer++;
                    if (d.rendered()) {
                        rendered.addAll(d.units());
                    }
                }
            }
            List<List<Integer>> bs = batches.get(j);
            LayerRenderJob.Plan plan = new LayerRenderJob.Plan(jobs.get(j).layer(), bs.stream().mapToInt(List::size).sum(),
                    bs.size(), bs.size(), bs.size() - inLayer);
            results.add(LayerRenderJob.finish(jobs.get(j), bs, plan, rendered));
            units += rendered.size();
        }
        for (BatchDone d : done) {
            taskSeconds += d.seconds();
        }
        return new Result(results, todo.size(), skipped, units, taskSeconds, seconds);
    }

    /**
     * The layers {@code render-model} renders: every layer whose activation is a feature map (N, C, H, W), in
     * execution order (convolutions, their normalisations and rectifiers, pools).
     */
    public static List<String> featureMapLayers(Model model) {
        ModelShapes shapes = new ModelShapes(model);
        List<String> out = new ArrayList<>();
        for (String l : model.layerNames()) {
            if (shapes.shape(l).length == 4) {
                out.add(l);
            }
        }
        return out;
    }

    /** {@code render-model}'s folder for a layer: {@code out/<layer>/}. */
    public static Path layerFolder(Path out, String layer) {
        return out.resolve(RenderFiles.slug(layer));
    }

    /** A layer job as Spark ships it (the recipe as its name → value map). */
    record LayerJob(String layer, List<Integer> units, boolean neuron, int batch, Map<String, Object> recipe, long seed, String out)
            implements Serializable {
        static LayerJob of(LayerRenderSettings s) {
            return new LayerJob(s.layer(), new ArrayList<>(s.units()), s.neuron(), s.batch(), new LinkedHashMap<>(s.recipe().asMap()),
                    s.seed(), s.out().toString());
        }

        LayerRenderSettings settings() {
            return LayerRenderSettings.of(layer, Path.of(out)).withUnits(units).withNeuron(neuron).withBatch(batch)
                    .withRecipe(Presets.fourier().with(recipe)).withSeed(seed);
        }
    }

    /** Batch {@code index} of layer job {@code job}. */
    record BatchTask(int job, int index, List<Integer> units) implements Serializable {
        BatchTask {
            units = new ArrayList<>(units);
        }
    }

    /** What a task did. */
    record BatchDone(int job, int index, List<Integer> units, boolean rendered, double seconds) implements Serializable {}

    /** The task: one batch on this executor's model. */
    static final class RenderTask implements Function<BatchTask, BatchDone> {
        private final ModelSpec spec;
        private final List<LayerJob> jobs;

        RenderTask(ModelSpec spec, List<LayerJob> jobs) {
            this.spec = spec;
            this.jobs = new ArrayList<>(jobs);
        }

        @Override
        public BatchDone call(BatchTask t) {
            Model model = ExecutorModels.get(spec);
            LayerRenderSettings s = jobs.get(t.job()).settings();
            RenderListener hook = FailureHook.render();
            long t0 = System.nanoTime();
            boolean rendered = LayerRenderJob.renderBatch(model, s, t.index(), t.units(), new LayerRenderJob.Listener() {
                @Override
                public RenderListener batch(String task) {
                    return hook;
                }
            });
            return new BatchDone(t.job(), t.index(), t.units(), rendered, (System.nanoTime() - t0) / 1e9);
        }
    }
}
