package dev.visor.cli;

import dev.visor.VisorException;
import dev.visor.dissect.DissectJob;
import dev.visor.dissect.DissectResult;
import dev.visor.dissect.DissectSettings;
import dev.visor.dissect.DissectWriter;
import dev.visor.dissect.ProbeSet;
import dev.visor.dissect.Thresholds;
import dev.visor.job.Shard;
import dev.visor.model.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor dissect}: network dissection of layers on a Broden-format probe set, resumable and shardable. */
@Command(name = "dissect", mixinStandardHelpOptions = true, subcommands = DissectCommand.Merge.class,
        description = "Network dissection (Bau et al. 2017): label units with the concepts their top-quantile masks overlap"
                + " (IoU). Pass 1 writes thresholds.json; pass 2 tallies IoU. Rerun to resume; --shard i/N with --thresholds"
                + " splits pass 2, `dissect merge` joins it exactly.")
public final class DissectCommand implements Callable<Integer> {
    @ArgGroup(exclusive = false, multiplicity = "0..1", heading = "Model:%n")
    ModelOptionsMixin modelOptions;

    @Option(names = "--probe", paramLabel = "DIR", description = "a Broden-format probe set (see `visor probe-set synth`)")
    Path probe;

    @Option(names = "--layer", paramLabel = "LAYER", description = "a layer to dissect (repeat for several; all in one pass)")
    List<String> layers;

    @Mixin
    DissectOptions dissectOptions;

    @Option(names = "--shard", defaultValue = "0/1", paramLabel = "I/N", description = "this process's share of pass 2 (needs --thresholds)")
    String shard;

    @Option(names = "--thresholds", paramLabel = "FILE", description = "thresholds.json of a pass 1 (skips pass 1)")
    Path thresholds;

    @Option(names = "--thresholds-only", description = "run pass 1 only and write thresholds.json")
    boolean thresholdsOnly;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (required)")
    Path out;

    @Override
    public Integer call() {
        if (modelOptions == null) {
            throw new VisorException("missing --model MODEL (a .onnx file, a TF.js/Keras directory, a .h5 file, zoo:NAME or builtin:NAME)");
        }
        if (probe == null || out == null) {
            throw new VisorException("give --probe DIR (a Broden-format probe set) and --out DIR");
        }
        if (layers == null || layers.isEmpty()) {
            throw new VisorException("give at least one --layer (see `visor layers --model ...` for the names)");
        }
        DissectSettings s = dissectOptions.settings(layers).withShard(Shard.parse(shard));
        dev.visor.report.OutputDir.prepare(out);
        ProbeSet p = ProbeSet.open(probe);
        try (Model m = modelOptions.load()) {
            layers.forEach(m::resolve);
            PassProgress progress = new PassProgress("dissect " + String.join(",", layers));
            if (thresholdsOnly) {
                Path f = DissectJob.thresholds(m, p, s, progress, out.resolve(DissectJob.QUANTILES_CHECKPOINT)).write(out);
                System.out.println("thresholds of pass 1 in " + f + " (give them to every shard with --thresholds)");
                return 0;
            }
            DissectResult r;
            if (thresholds != null) {
                r = DissectJob.tally(m, p, s, Thresholds.read(thresholds), progress, out.resolve(DissectJob.TALLY_CHECKPOINT));
            } else {
                r = DissectJob.run(m, p, s, progress, out);
            }
            DissectWriter.write(r, p, s.shard().count() > 1 ? null : m, out);
            for (String layer : layers) {
                DissectResult.LayerSummary sum = r.summary(layer);
                System.out.printf("%s: %d detectors of %d units, unique concepts %s%n", layer, sum.detectors(), sum.units(),
                        sum.uniqueByCategory());
            }
            System.out.println("report in " + out + (s.shard().count() > 1 ? " (shard " + s.shard() + "; join with `visor dissect merge`)" : ""));
        }
        return 0;
    }

    /** {@code visor dissect merge DIR... --out DIR}. */
    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Merge the output folders of `visor dissect --shard 0/N` ... `N-1/N` (same --thresholds) exactly.")
    public static final class Merge implements Callable<Integer> {
        @picocli.CommandLine.Parameters(arity = "1..*", paramLabel = "DIR", description = "output folders of the shards")
        List<Path> dirs;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder of the merged result")
        Path out;

        @Option(names = "--model", paramLabel = "MODEL", description = "the model, for the report's images (default: the one recorded)")
        String model;

        @Override
        public Integer call() {
            dev.visor.report.OutputDir.prepare(out);
            List<DissectResult> parts = dirs.stream().map(DissectResult::read).toList();
            DissectResult merged = DissectResult.merge(parts);
            ProbeSet p = ProbeSet.open(Path.of(merged.probe()));
            try (Model m = dev.visor.io.ModelLoader.load(model != null ? model : merged.model())) {
                DissectWriter.write(merged, p, m, out);
            }
            System.out.printf("merged %d shards into %s%n", merged.mergedFrom(), out);
            return 0;
        }
    }
}
