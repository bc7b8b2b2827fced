package dev.visor.spark.cli;

import dev.visor.cli.DissectOptions;
import dev.visor.cli.ModelOptionsMixin;
import dev.visor.dissect.DissectResult;
import dev.visor.dissect.DissectSettings;
import dev.visor.spark.SparkDissect;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor spark dissect}: pass 1 as one task, pass 2 over n tasks, merged exactly. */
@Command(name = "dissect", mixinStandardHelpOptions = true,
        description = "Network dissection on Spark: pass 1 (thresholds) as one task unless --thresholds, pass 2 on n tasks merged"
                + " exactly (the same tallies and labels as `visor dissect` at the same thresholds; resumes).")
public final class SparkDissectCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Mixin
    SparkOptions spark;

    @Option(names = "--probe", required = true, paramLabel = "DIR", description = "a Broden-format probe set every executor can read")
    Path probe;

    @Option(names = "--layer", required = true, paramLabel = "LAYER", description = "a layer to dissect (repeat for several)")
    List<String> layers;

    @Mixin
    DissectOptions dissectOptions;

    @Option(names = "--thresholds", paramLabel = "FILE", description = "thresholds.json of a pass 1 (skips pass 1)")
    Path thresholds;

    @Option(names = "--sharded-pass1", description = "run pass 1 on the partitions too and merge their KLL sketches (scales;"
            + " thresholds within the sketch's rank error of one pass's, so not bit-equal to `visor dissect`)")
    boolean shardedPass1;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N", description = "pass-2 tasks (default 0: Spark's default parallelism)")
    int partitions;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (shared by every executor)")
    Path out;

    @Override
    public Integer call() {
        DissectSettings s = dissectOptions.settings(layers);
        SparkDissect.Run run = spark.run(sc -> SparkDissect.run(sc, SparkOptions.spec(modelOptions), probe, s, thresholds,
                partitions > 0 ? partitions : sc.defaultParallelism(), shardedPass1, out));
        DissectResult r = run.result();
        for (String layer : layers) {
            DissectResult.LayerSummary sum = r.summary(layer);
            System.out.printf("%s: %d detectors of %d units, unique concepts %s%n", layer, sum.detectors(), sum.units(),
                    sum.uniqueByCategory());
        }
        System.out.printf("report in %s (pass 2 merged from %d partitions)%n", out, r.mergedFrom());
        System.out.printf("pass 1 %.1f s (" + (shardedPass1 ? run.partitions() + " tasks" : "one task") + "; %.2f ms/image), pass 2 %.1f s (%d tasks; %.2f ms/image)%n", run.pass1Seconds(),
                1000 * run.pass1Seconds() / r.images(), run.pass2Seconds(), run.partitions(), 1000 * run.pass2Seconds() / r.images());
        return 0;
    }
}
