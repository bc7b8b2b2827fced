package dev.visor.data;

import dev.visor.VisorException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 60000 training and 10000 test grey 28×28 images
 * of 10 clothing classes, as four IDX files. Found in {@code $VISOR_FASHION_MNIST}, in Debian's
 * {@code dataset-fashion-mnist} location {@code /usr/share/datasets/fashion-mnist}, or in
 * {@code ~/.visor/datasets/fashion-mnist} where {@link #download} puts it.
 */
public final class FashionMnist {
    /** The class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The official download location (Zalando Research). */
    public static final URI OFFICIAL_URL = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /** Debian's location. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /**
     * One of the four files.
     *
     * @param name   file name as published (gzipped)
     * @param sha256 SHA-256 of its uncompressed content
     */
    public record DataFile(String name, String sha256) {}

    /** Training images. */
    public static final DataFile TRAIN_IMAGES = new DataFile("train-images-idx3-ubyte.gz",
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888");
    /** Training labels. */
    public static final DataFile TRAIN_LABELS = new DataFile("train-labels-idx1-ubyte.gz",
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9");
    /** Test images. */
    public static final DataFile TEST_IMAGES = new DataFile("t10k-images-idx3-ubyte.gz",
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b");
    /** Test labels. */
    public static final DataFile TEST_LABELS = new DataFile("t10k-labels-idx1-ubyte.gz",
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    private FashionMnist() {}

    /** The four files. */
    public static List<DataFile> files() {
        return List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    }

    /** The folder where {@link #download} puts the files for this user. */
    public static Path userDir() {
        return Path.of(System.getProperty("user.home"), ".visor", "datasets", "fashion-mnist");
    }

    /** The folders searched, in order. */
    public static List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv("VISOR_FASHION_MNIST");
        if (env != null && !env.isBlank()) {
            dirs.add(Path.of(env));
        }
        dirs.add(DEBIAN_DIR);
        dirs.add(userDir());
        return dirs;
    }

    /** The first folder of the search path that holds all four files. */
    public static Path locate() {
        for (Path d : searchPath()) {
            if (files().stream().allMatch(f -> file(d, f) != null)) {
                return d;
            }
        }
        throw new VisorException("Fashion-MNIST not found in " + searchPath() + "; install the Debian package"
                + " dataset-fashion-mnist, set VISOR_FASHION_MNIST to a folder with the four IDX files, or add --download");
    }

    /** One split from the located folder. */
    public static IdxDataset open(Split split) {
        return open(locate(), split);
    }

    /** One split from a folder holding the IDX files (gzipped or not). */
    public static IdxDataset open(Path dir, Split split) {
        DataFile images = split == Split.TRAIN ? TRAIN_IMAGES : TEST_IMAGES;
        DataFile labels = split == Split.TRAIN ? TRAIN_LABELS : TEST_LABELS;
        return IdxDataset.read("fashion-mnist:" + split.name().toLowerCase(), required(dir, images),
                required(dir, labels), CLASS_NAMES);
    }

    /**
     * Downloads the four files from {@code base} (the official URL, or a mirror such as a
     * {@code file:} folder) into {@code dir}, verifying each SHA-256.
     */
    public static Path download(URI base, Path dir) {
        String b = base.toString().endsWith("/") ? base.toString() : base + "/";
        for (DataFile f : files()) {
            Download.fetch(URI.create(b + f.name()), dir.resolve(f.name()), f.sha256());
        }
        return dir;
    }

    /**
     * Returns the located folder, downloading the files from {@code base} into {@link #userDir()}
     * first when no folder of the search path has them.
     */
    public static Path locateOrDownload(URI base) {
        for (Path d : searchPath()) {
            if (files().stream().allMatch(f -> file(d, f) != null)) {
                return d;
            }
        }
        return download(base, userDir());
    }

    private static Path required(Path dir, DataFile f) {
        Path p = file(dir, f);
        if (p == null) {
            throw new VisorException("Fashion-MNIST file " + f.name() + " (or its uncompressed form) not found in " + dir);
        }
        return p;
    }

    private static Path file(Path dir, DataFile f) {
        Path gz = dir.resolve(f.name());
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(f.name().substring(0, f.name().length() - 3));
        return Files.isRegularFile(raw) ? raw : null;
    }
}
