package dev.visor.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.visor.VisorException;
import dev.visor.data.Batches;
import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.ImageFileDataset;
import dev.visor.data.Split;
import dev.visor.model.Model;
import dev.visor.report.NpyWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor activations}: the raw activations of one layer for images or a dataset, as a NumPy .npy file. */
@Command(name = "activations", mixinStandardHelpOptions = true,
        description = "Write the raw activations of a layer (N, C, H, W or N, units) as a float32 NumPy .npy file.")
public final class ActivationsCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Option(names = {"-i", "--image"}, arity = "1..*", paramLabel = "IMAGE", description = "image files (or use --data)")
    List<Path> images;

    @Option(names = "--data", paramLabel = "DATA",
            description = "a dataset instead of images: fashion-mnist (its test split), fashion-mnist:train, an IDX folder,"
                    + " an image folder or a CSV")
    String data;

    @Option(names = "--limit", paramLabel = "N", description = "the first N items of --data only (default: all)")
    Integer limit;

    @Option(names = "--layer", required = true, paramLabel = "LAYER", description = "layer name (see `visor layers`)")
    String layer;

    @Option(names = "--out", required = true, paramLabel = "FILE.npy", description = "the .npy file to write")
    Path out;

    @Option(names = "--batch-size", defaultValue = "64", description = "images per forward pass (default ${DEFAULT-VALUE})")
    int batchSize;

    @Mixin
    DownloadOptionsMixin downloadOptions;

    @Override
    public Integer call() {
        if ((images == null) == (data == null)) {
            throw new VisorException("give either --image or --data");
        }
        if (limit != null && limit < 1) {
            throw new VisorException("--limit must be at least 1, got " + limit);
        }
        if (limit != null && data == null) {
            throw new VisorException("--limit applies to --data only");
        }
        if (batchSize < 1) {
            throw new VisorException("--batch-size must be at least 1, got " + batchSize);
        }
        checkWritable(out);
        if (images != null) {
            for (Path p : images) {
                if (!Files.isRegularFile(p)) {
                    throw new VisorException("image not found: " + p);
                }
            }
        }
        downloadOptions.apply();
        Dataset set = images != null ? new ImageFileDataset("images", images, null, List.of())
                : Datasets.open(data, Split.TEST);
        if (limit != null) {
            set = set.head(limit);
        }
        if (set.size() == 0) {
            throw new VisorException(set.name() + " has no images");
        }
        try (Model m = modelOptions.load()) {
            m.resolve(layer);
            long[] shape = write(m, set);
            System.out.println("wrote " + out + ": " + layer + " of " + m.source() + ", shape " + Arrays.toString(shape));
        }
        return 0;
    }

    /** Runs the batches and streams each one's activations; returns the array's shape. */
    private long[] write(Model m, Dataset set) {
        NpyWriter w = null;
        long[] shape = null;
        try {
            for (Batches.Batch b : Batches.of(set, m.inputSpec(), batchSize, m.manager())) {
                try (b) {
                    NDArray a = m.forward(b.input(), layer).get(layer);
                    if (w == null) {
                        shape = a.getShape().getShape().clone();
                        shape[0] = set.size();
                        w = NpyWriter.create(out, shape);
                    }
                    w.write(a.toType(DataType.FLOAT32, false).toFloatArray());
                }
            }
            w.close();
            return shape;
        } catch (RuntimeException e) {
            if (w != null) {
                w.abort();
            }
            throw e;
        }
    }

    /** Fails before any work when {@code file} cannot be created or replaced. */
    private static void checkWritable(Path file) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new VisorException("--out " + file + " is a folder; give a file name such as acts.npy");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new VisorException("cannot write " + file + ": folder " + dir + " does not exist");
        }
        if (Files.exists(abs) ? !Files.isWritable(abs) : !Files.isWritable(dir)) {
            throw new VisorException("cannot write " + file + ": permission denied");
        }
    }
}
