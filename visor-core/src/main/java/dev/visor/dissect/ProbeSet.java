package dev.visor.dissect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.data.Images;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Broden-format probe set (Bau et al. 2017, NetDissect): {@code index.csv} with columns image, split,
 * ih, iw, sh, sw and one column per category (color, object, part, material, scene, texture), each cell
 * a ';'-separated list of label-mask PNGs (label number = R + 256·G per pixel, 0 = none) or of
 * whole-image label numbers; {@code label.csv} (number, name, category, ...); {@code category.csv}
 * (name, ...); optional {@code c_<category>.csv} (code, number, name, ...). Images and masks live
 * under {@code images/}.
 *
 * <p>Everything but the mask pixels is checked when the set is opened; a mask is decoded and checked
 * (size sh×sw, every label known and of the cell's category) when {@link #masks(int)} reads it. Every
 * problem is a {@link VisorException} naming the file and row.
 */
public final class ProbeSet implements Dataset {
    /** The fixed leading columns of index.csv. */
    public static final List<String> FIXED = List.of("image", "split", "ih", "iw", "sh", "sw");

    private final Path root;
    private final List<String> categories;
    private final Map<Integer, ProbeLabel> labels;
    private final List<ProbeImage> images;

    private ProbeSet(Path root, List<String> categories, Map<Integer, ProbeLabel> labels, List<ProbeImage> images) {
        this.root = root;
        this.categories = List.copyOf(categories);
        this.labels = labels;
        this.images = List.copyOf(images);
    }

    /** Opens and checks the probe set in {@code dir}. */
    public static ProbeSet open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new VisorException("probe set folder not found: " + dir);
        }
        Path index = dir.resolve("index.csv");
        List<String> header = Csv.header(index);
        if (header.size() < FIXED.size() || !header.subList(0, FIXED.size()).equals(FIXED)) {
            throw new VisorException(index + " line 1: the header must start with " + String.join(",", FIXED) + ", got "
                    + String.join(",", header));
        }
        List<String> columns = header.subList(FIXED.size(), header.size());
        List<String> categories = readCategories(dir.resolve("category.csv"));
        for (String c : columns) {
            if (!categories.contains(c)) {
                throw new VisorException(index + " line 1: column '" + c + "' is not a category of category.csv (valid: "
                        + String.join(", ", categories) + ")");
            }
        }
        Map<Integer, ProbeLabel> labels = readLabels(dir.resolve("label.csv"), categories);
        addCategoryFiles(dir, categories, labels);
        List<ProbeImage> images = new ArrayList<>();
        for (Csv.Row r : Csv.rows(index)) {
            images.add(parseRow(index, dir, r, columns, labels));
        }
        if (images.isEmpty()) {
            throw new VisorException(index + " has no image rows");
        }
        return new ProbeSet(dir, categories, labels, images);
    }

    private static List<String> readCategories(Path file) {
        List<String> cats = new ArrayList<>();
        for (Csv.Row r : Csv.rows(file)) {
            String name = r.cell(0);
            if (name.isEmpty()) {
                throw new VisorException(file + " line " + r.line() + ": the category name is empty");
            }
            cats.add(name);
        }
        return cats;
    }

    private static Map<Integer, ProbeLabel> readLabels(Path file, List<String> categories) {
        List<String> header = Csv.header(file);
        if (header.size() < 3 || !header.get(0).equals("number") || !header.get(1).equals("name")
                || !header.get(2).equals("category")) {
            throw new VisorException(file + " line 1: the header must start with number,name,category, got "
                    + String.join(",", header));
        }
        Map<Integer, ProbeLabel> labels = new TreeMap<>();
        for (Csv.Row r : Csv.rows(file)) {
            int number = integer(r.cell(0), file, r.line(), "number");
            if (number == 0) {
                continue; // Broden's "-" row: no label
            }
            List<String> cats = new ArrayList<>();
            for (String c : r.cell(2).split(";")) {
                String name = c.replaceAll("\\(.*\\)$", "").strip();
                if (name.isEmpty()) {
                    continue;
                }
                if (!categories.contains(name)) {
                    throw new VisorException(file + " line " + r.line() + ": category '" + name + "' of label " + number
                            + " is not in category.csv (valid: " + String.join(", ", categories) + ")");
                }
                cats.add(name);
            }
            if (labels.put(number, new ProbeLabel(number, r.cell(1), cats)) != null) {
                throw new VisorException(file + " line " + r.line() + ": label number " + number + " is given twice");
            }
        }
        return labels;
    }

    /** {@code c_<category>.csv} (code, number, name, ...) adds category memberships that label.csv leaves out. */
    private static void addCategoryFiles(Path dir, List<String> categories, Map<Integer, ProbeLabel> labels) {
        for (String cat : categories) {
            Path f = dir.resolve("c_" + cat + ".csv");
            if (!Files.isRegularFile(f)) {
                continue;
            }
            for (Csv.Row r : Csv.rows(f)) {
                int number = integer(r.cell(1), f, r.line(), "number");
                ProbeLabel l = labels.get(number);
                if (l == null) {
                    throw new VisorException(f + " line " + r.line() + ": label " + number + " is not in label.csv");
                }
                if (!l.categories().contains(cat)) {
                    List<String> cs = new ArrayList<>(l.categories());
                    cs.add(cat);
                    labels.put(number, new ProbeLabel(number, l.name(), cs));
                }
            }
        }
    }

    private static ProbeImage parseRow(Path index, Path dir, Csv.Row r, List<String> columns, Map<Integer, ProbeLabel> labels) {
        String where = index + " line " + r.line();
        if (r.cells().size() != FIXED.size() + columns.size()) {
            throw new VisorException(where + ": " + r.cells().size() + " cells, the header has " + (FIXED.size() + columns.size()));
        }
        String image = r.cell(0);
        if (image.isEmpty() || !Files.isRegularFile(dir.resolve("images").resolve(image))) {
            throw new VisorException(where + ": image '" + image + "' not found under " + dir.resolve("images"));
        }
        int ih = positive(r.cell(2), where, "ih");
        int iw = positive(r.cell(3), where, "iw");
        int sh = positive(r.cell(4), where, "sh");
        int sw = positive(r.cell(5), where, "sw");
        Map<String, List<String>> masks = new LinkedHashMap<>();
        Map<String, int[]> whole = new LinkedHashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            String cat = columns.get(c);
            String cell = r.cell(FIXED.size() + c);
            if (cell.isEmpty()) {
                continue;
            }
            List<String> files = new ArrayList<>();
            List<Integer> numbers = new ArrayList<>();
            for (String item : cell.split(";")) {
                String s = item.strip();
                if (s.toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
                    if (!Files.isRegularFile(dir.resolve("images").resolve(s))) {
                        throw new VisorException(where + ": " + cat + " mask '" + s + "' not found under " + dir.resolve("images"));
                    }
                    files.add(s);
                } else {
                    int n = integer(s, index, r.line(), cat + " label");
                    checkLabel(labels, n, cat, where);
                    numbers.add(n);
                }
            }
            if (!files.isEmpty() && !numbers.isEmpty()) {
                throw new VisorException(where + ": the " + cat + " cell mixes mask files and label numbers");
            }
            if (!files.isEmpty()) {
                masks.put(cat, files);
            } else if (!numbers.isEmpty()) {
                whole.put(cat, numbers.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return new ProbeImage(r.line(), image, r.cell(1), ih, iw, sh, sw, masks, whole);
    }

    private static void checkLabel(Map<Integer, ProbeLabel> labels, int n, String cat, String where) {
        ProbeLabel l = labels.get(n);
        if (l == null) {
            throw new VisorException(where + ": " + cat + " label " + n + " is not in label.csv");
        }
        if (!l.categories().contains(cat)) {
            throw new VisorException(where + ": label " + n + " (" + l.name() + ") is not a " + cat + " label; label.csv lists it under "
                    + String.join(", ", l.categories()));
        }
    }

    private static int integer(String s, Path file, int line, String what) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new VisorException(file + " line " + line + ": " + what + " '" + s + "' is not an integer");
        }
    }

    private static int positive(String s, String where, String what) {
        int v;
        try {
            v = Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new VisorException(where + ": " + what + " '" + s + "' is not an integer");
        }
        if (v <= 0 || v > 65536) {
            throw new VisorException(where + ": " + what + " must be in 1..65536, got " + v);
        }
        return v;
    }

    /** The set's folder. */
    public Path root() {
        return root;
    }

    /** The categories of category.csv, in order. */
    public List<String> categories() {
        return categories;
    }

    /** The labels by number (without 0). */
    public Map<Integer, ProbeLabel> labels() {
        return java.util.Collections.unmodifiableMap(labels);
    }

    /** The index rows, in order. */
    public List<ProbeImage> entries() {
        return images;
    }

    /** Decodes and checks the label masks of image {@code i}. */
    public ProbeMasks masks(int i) {
        ProbeImage e = images.get(i);
        List<ProbeMasks.Layer> layers = new ArrayList<>();
        for (var m : e.masks().entrySet()) {
            for (String f : m.getValue()) {
                layers.add(new ProbeMasks.Layer(m.getKey(), decode(e, m.getKey(), f)));
            }
        }
        return new ProbeMasks(e.maskHeight(), e.maskWidth(), layers, e.whole());
    }

    private int[] decode(ProbeImage e, String cat, String file) {
        String where = root.resolve("index.csv") + " line " + e.row() + ", " + cat + " mask " + file;
        BufferedImage img = Images.read(root.resolve("images").resolve(file));
        if (img.getHeight() != e.maskHeight() || img.getWidth() != e.maskWidth()) {
            throw new VisorException(where + ": the mask is " + img.getHeight() + "×" + img.getWidth() + ", the row says sh×sw = "
                    + e.maskHeight() + "×" + e.maskWidth());
        }
        int w = img.getWidth();
        int[] out = new int[img.getHeight() * w];
        int last = 0;
        boolean grey = img.getType() == BufferedImage.TYPE_BYTE_GRAY || img.getType() == BufferedImage.TYPE_USHORT_GRAY;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                int label;
                if (grey) {
                    int v = img.getRaster().getSample(x, y, 0); // getRGB would gamma-convert grey samples
                    label = v + 256 * v;
                } else {
                    int rgb = img.getRGB(x, y);
                    label = ((rgb >> 16) & 0xff) + 256 * ((rgb >> 8) & 0xff);
                }
                if (label != 0 && label != last) {
                    checkLabel(labels, label, cat, where + " at (y " + y + ", x " + x + ")");
                    last = label;
                }
                out[y * w + x] = label;
            }
        }
        return out;
    }

    @Override
    public String name() {
        return "probe:" + root;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public int label(int i) {
        return -1;
    }

    @Override
    public NDArray images(NDManager manager, int[] indices, int channels, int height, int width) {
        NDList list = new NDList();
        for (int i : indices) {
            list.add(Images.toTensor(manager, Images.read(root.resolve("images").resolve(images.get(i).image())), channels, height,
                    width));
        }
        return list.size() == 1 ? list.get(0) : ai.djl.ndarray.NDArrays.concat(list, 0);
    }
}
