package dev.visor.cli;

import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import dev.visor.top.TopResult;
import dev.visor.top.TopWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code visor top merge DIR... --out DIR}: joins the outputs of {@code visor top --shard i/N} exactly. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merge the output folders of `visor top --shard 0/N` ... `N-1/N` into the result of one unsharded run.")
public final class TopMergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "output folders of the shards")
    List<Path> dirs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder of the merged result")
    Path out;

    @Option(names = "--data", paramLabel = "DATA", description = "the dataset the shards ran on, when it cannot be reopened from"
            + " the name they recorded")
    String data;

    @Option(names = "--model", paramLabel = "MODEL", description = "the model (for --patches), when it cannot be reopened from"
            + " the source the shards recorded")
    String model;

    @Override
    public Integer call() {
        dev.visor.report.OutputDir.prepare(out);
        List<TopResult> parts = new ArrayList<>();
        for (Path d : dirs) {
            parts.add(TopResult.read(d));
        }
        TopResult merged = TopResult.merge(parts);
        Dataset set = open(data != null ? data : merged.data(), merged.images());
        Model m = merged.settings().patches() ? ModelLoader.load(model != null ? model : merged.model()) : null;
        try {
            List<Path> pngs = TopWriter.write(merged, set, m, out);
            System.out.printf("merged %d shards: %d montages under %s%n", merged.mergedFrom(), pngs.size(), out);
        } finally {
            if (m != null) {
                m.close();
            }
        }
        return 0;
    }

    private Dataset open(String name, int images) {
        Dataset d;
        try {
            d = Datasets.open(name, Split.TEST);
        } catch (VisorException e) {
            throw new VisorException("cannot reopen the dataset '" + name + "' the shards ran on (" + e.getMessage()
                    + "); name it with --data");
        }
        if (d.size() < images) {
            throw new VisorException("dataset " + name + " has " + d.size() + " images but the shards ran on " + images
                    + "; name the right one with --data");
        }
        return d.head(images);
    }
}
