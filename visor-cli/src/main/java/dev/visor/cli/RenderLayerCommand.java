package dev.visor.cli;

import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.data.Images;
import dev.visor.model.Model;
import dev.visor.optvis.BatchRender;
import dev.visor.optvis.RenderListener;
import dev.visor.optvis.RenderResult;
import dev.visor.optvis.RenderSettings;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.Objectives;
import dev.visor.report.ImageGrid;
import dev.visor.report.RenderWriter;
import dev.visor.report.Sidecar;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code visor render-layer}: renders every unit of a layer, a batch of units per optimisation.
 * Units already written (PNG and sidecar present) are skipped, so a killed run resumes;
 * {@code --shard i/N} takes every N-th unit starting at i, so N processes split a layer.
 */
@Command(name = "render-layer", mixinStandardHelpOptions = true,
        description = "Render every unit (channel) of a layer, in batches; resumes and splits into shards.")
public final class RenderLayerCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Mixin
    RenderOptions render;

    @Option(names = {"-l", "--layer"}, required = true, paramLabel = "LAYER", description = "the layer")
    String layer;

    @Option(names = "--units", paramLabel = "LIST", description = "units, e.g. 0-63 or 1,4,9-12 (default: all)")
    String units;

    @Option(names = "--neuron", description = "render the centre neuron of each channel instead of the channel mean")
    boolean neuron;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "B", description = "units per optimisation (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--shard", defaultValue = "0/1", paramLabel = "I/N", description = "this process's share: units at positions i, i+N, ... (default ${DEFAULT-VALUE})")
    String shard;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new VisorException("--batch must be at least 1, got " + batch);
        }
        int[] sh = parseShard(shard);
        RenderSettings settings = render.settings();
        try (Model model = modelOptions.load(); NDManager m = model.manager().newSubManager()) {
            ModelShapes shapes = new ModelShapes(model);
            long count = shapes.units(layer);
            List<Integer> all = units == null ? range(0, (int) count - 1) : parseUnits(units);
            for (int u : all) {
                shapes.checkUnit(layer, u);
            }
            List<Integer> mine = new ArrayList<>();
            for (int i = sh[0]; i < all.size(); i += sh[1]) {
                mine.add(all.get(i));
            }
            List<Integer> todo = mine.stream().filter(u -> !done(u)).toList();
            System.out.printf("layer %s: %d units, %d in shard %s, %d already written, %d to render%n", layer, all.size(),
                    mine.size(), shard, mine.size() - todo.size(), todo.size());
            for (int start = 0; start < todo.size(); start += batch) {
                List<Integer> group = todo.subList(start, Math.min(todo.size(), start + batch));
                List<Objective> objs = new ArrayList<>();
                List<String> texts = new ArrayList<>();
                List<Path> files = new ArrayList<>();
                for (int u : group) {
                    Objective o = neuron ? Objectives.neuron(layer, u) : Objectives.channel(layer, u);
                    objs.add(o);
                    texts.add(o.describe());
                    files.add(file(u));
                }
                // Each batch's seed depends on its first unit, so shards and resumes stay reproducible.
                long seed = render.seed * 1_000_003L + group.get(0);
                String task = String.format("units %d-%d", group.get(0), group.get(group.size() - 1));
                List<RenderListener> listeners = render.quiet ? List.of() : List.of(new ProgressListener(task));
                RenderResult r = BatchRender.render(model, objs, settings, seed, listeners, m);
                RenderWriter.write(model, r, settings, seed, texts, files,
                        Map.of("layer", layer, "base_seed", render.seed, "batch_units", group));
                r.image().close();
            }
            List<BufferedImage> tiles = new ArrayList<>();
            for (int u : all) {
                if (Files.isRegularFile(file(u))) {
                    tiles.add(Images.read(file(u)));
                }
            }
            if (!tiles.isEmpty()) {
                Images.writePng(ImageGrid.grid(tiles, 0, 2), out.resolve(RenderCommand.slug(layer) + "_grid.png"));
            }
        }
        return 0;
    }

    private Path file(int unit) {
        return out.resolve(String.format("%s_%04d.png", RenderCommand.slug(layer), unit));
    }

    private boolean done(int unit) {
        return Files.isRegularFile(file(unit)) && Files.isRegularFile(Sidecar.pathFor(file(unit)));
    }

    /** Parses {@code i/N}. */
    static int[] parseShard(String s) {
        String[] p = s.split("/");
        try {
            int i = Integer.parseInt(p[0].trim());
            int n = Integer.parseInt(p[1].trim());
            if (p.length == 2 && n >= 1 && i >= 0 && i < n) {
                return new int[] {i, n};
            }
        } catch (RuntimeException e) {
            // fall through to the error below
        }
        throw new VisorException("bad --shard '" + s + "'; write I/N with 0 <= I < N, e.g. 0/4");
    }

    /** Parses a unit list such as {@code 0-3,7,9-10} (sorted, without duplicates). */
    static List<Integer> parseUnits(String s) {
        TreeSet<Integer> set = new TreeSet<>();
        for (String part : s.split(",")) {
            String t = part.trim();
            try {
                int dash = t.indexOf('-', 1);
                if (dash > 0) {
                    int a = Integer.parseInt(t.substring(0, dash).trim());
                    int b = Integer.parseInt(t.substring(dash + 1).trim());
                    if (a > b) {
                        throw new NumberFormatException();
                    }
                    set.addAll(range(a, b));
                } else {
                    set.add(Integer.parseInt(t));
                }
            } catch (NumberFormatException e) {
                throw new VisorException("bad --units '" + s + "' at '" + t + "'; write e.g. 0-63 or 1,4,9-12");
            }
        }
        return new ArrayList<>(set);
    }

    private static List<Integer> range(int a, int b) {
        List<Integer> r = new ArrayList<>();
        for (int i = a; i <= b; i++) {
            r.add(i);
        }
        return r;
    }
}
