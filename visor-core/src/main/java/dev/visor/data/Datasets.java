package dev.visor.data;

import dev.visor.VisorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Turns a user's {@code --data} value into a {@link Dataset}: {@code fashion-mnist} (or
 * {@code fashion-mnist:train} / {@code fashion-mnist:test}), a folder of IDX files, an IDX image
 * file, a folder of images (sub-folder per class, or flat), or a CSV list of images.
 */
public final class Datasets {
    private Datasets() {}

    /**
     * Opens a dataset.
     *
     * @param spec  the user's name for it
     * @param split the split used when the spec names a dataset with splits and does not pick one
     */
    public static Dataset open(String spec, Split split) {
        String s = spec.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("fashion-mnist") || lower.startsWith("fashion-mnist:")) {
            return FashionMnist.open(splitOf(s, split));
        }
        Path p = Path.of(s);
        if (Files.isDirectory(p)) {
            if (hasIdx(p)) {
                return idxFolder(p, split);
            }
            return ImageFileDataset.folder(p);
        }
        if (Files.isRegularFile(p)) {
            String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".csv")) {
                return ImageFileDataset.csv(p);
            }
            if (n.contains("idx3-ubyte")) {
                Path labels = p.resolveSibling(p.getFileName().toString().replace("images-idx3", "labels-idx1"));
                return IdxDataset.read(p.toString(), p, Files.isRegularFile(labels) ? labels : null, null);
            }
            throw new VisorException("cannot tell what dataset " + spec + " is; give fashion-mnist[:train|:test], a folder"
                    + " of images (one sub-folder per class, or flat), a .csv list of images, or an IDX images file");
        }
        throw new VisorException("dataset not found: " + spec + " (valid: fashion-mnist[:train|:test], an image folder,"
                + " a .csv list of images, an IDX file or folder)");
    }

    private static Split splitOf(String spec, Split dflt) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            return dflt;
        }
        String part = spec.substring(colon + 1).toLowerCase(Locale.ROOT);
        return switch (part) {
            case "train" -> Split.TRAIN;
            case "test", "t10k" -> Split.TEST;
            default -> throw new VisorException("unknown split '" + part + "' in " + spec + "; valid: train, test");
        };
    }

    private static boolean hasIdx(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(f -> f.getFileName().toString().contains("-idx3-ubyte"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** A folder with MNIST-style files {@code train-images-idx3-ubyte[.gz]}, {@code t10k-...}. */
    private static Dataset idxFolder(Path dir, Split split) {
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        Path images = find(dir, prefix + "-images-idx3-ubyte");
        Path labels = find(dir, prefix + "-labels-idx1-ubyte");
        if (images == null) {
            throw new VisorException("no " + prefix + "-images-idx3-ubyte[.gz] in " + dir);
        }
        boolean fashion = FashionMnist.files().stream().allMatch(f -> Files.isRegularFile(dir.resolve(f.name()))
                || Files.isRegularFile(dir.resolve(f.name().replace(".gz", ""))))
                && dir.toAbsolutePath().toString().toLowerCase(Locale.ROOT).contains("fashion");
        return IdxDataset.read(dir + ":" + split.name().toLowerCase(Locale.ROOT), images, labels,
                fashion ? FashionMnist.CLASS_NAMES : null);
    }

    private static Path find(Path dir, String base) {
        for (String n : new String[] {base + ".gz", base}) {
            if (Files.isRegularFile(dir.resolve(n))) {
                return dir.resolve(n);
            }
        }
        return null;
    }
}
