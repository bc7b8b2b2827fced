package dev.visor.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Image files read on demand: a folder with one sub-folder per class (the sub-folder names, sorted,
 * are the classes), a flat folder of unlabelled images, or a CSV list of paths with optional labels.
 */
public final class ImageFileDataset implements Dataset {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp");

    private final String name;
    private final List<Path> files;
    private final int[] labels;
    private final List<String> classNames;

    /**
     * @param name       description for messages
     * @param files      the image files
     * @param labels     label index per file (-1 for none), or null when unlabelled
     * @param classNames class names by label index (empty when unlabelled)
     */
    public ImageFileDataset(String name, List<Path> files, int[] labels, List<String> classNames) {
        this.name = name;
        this.files = List.copyOf(files);
        this.labels = labels == null ? null : labels.clone();
        this.classNames = List.copyOf(classNames);
    }

    /** A folder: one sub-folder per class if it has sub-folders with images, else a flat unlabelled folder. */
    public static ImageFileDataset folder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new VisorException("image folder not found: " + dir);
        }
        List<Path> classDirs = list(dir).stream().filter(Files::isDirectory).filter(d -> !images(d).isEmpty()).toList();
        if (classDirs.isEmpty()) {
            List<Path> files = images(dir);
            if (files.isEmpty()) {
                throw new VisorException("no images (" + String.join(", ", EXTENSIONS) + ") in " + dir
                        + " or in sub-folders of it");
            }
            return new ImageFileDataset(dir.toString(), files, null, List.of());
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path d : classDirs) {
            int label = names.size();
            names.add(d.getFileName().toString());
            for (Path f : images(d)) {
                files.add(f);
                labels.add(label);
            }
        }
        return new ImageFileDataset(dir.toString(), files, labels.stream().mapToInt(Integer::intValue).toArray(), names);
    }

    /**
     * A CSV file with rows {@code path[,label]} (an optional header row starting with "path" or
     * "image"); paths are relative to the CSV's folder. Labels are class names, sorted to indices,
     * or integers used as indices directly.
     */
    public static ImageFileDataset csv(Path csv) {
        if (!Files.isRegularFile(csv)) {
            throw new VisorException("CSV file not found: " + csv);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VisorException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        Path base = csv.toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            String first = unquote(cells[0]);
            if (files.isEmpty() && raw.isEmpty() && (first.equalsIgnoreCase("path") || first.equalsIgnoreCase("image")
                    || first.equalsIgnoreCase("file"))) {
                continue;
            }
            if (cells.length > 2) {
                throw new VisorException(csv + " line " + (i + 1) + ": expected 'path' or 'path,label', got " + cells.length
                        + " columns");
            }
            Path p = base.resolve(first);
            if (!Files.isRegularFile(p)) {
                throw new VisorException(csv + " line " + (i + 1) + ": image not found: " + p);
            }
            files.add(p);
            raw.add(cells.length == 2 ? unquote(cells[1]) : "");
        }
        if (files.isEmpty()) {
            throw new VisorException("no image rows in " + csv + "; expected lines 'path' or 'path,label'");
        }
        if (raw.stream().allMatch(String::isEmpty)) {
            return new ImageFileDataset(csv.toString(), files, null, List.of());
        }
        boolean numeric = raw.stream().allMatch(s -> s.isEmpty() || s.matches("\\d+"));
        List<String> names;
        Map<String, Integer> index = new LinkedHashMap<>();
        if (numeric) {
            int max = raw.stream().filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).max().orElse(0);
            names = java.util.stream.IntStream.rangeClosed(0, max).mapToObj(String::valueOf).toList();
        } else {
            names = List.copyOf(new TreeSet<>(raw.stream().filter(s -> !s.isEmpty()).toList()));
        }
        for (int k = 0; k < names.size(); k++) {
            index.put(names.get(k), k);
        }
        int[] labels = raw.stream().mapToInt(s -> s.isEmpty() ? -1 : index.get(numeric ? String.valueOf(Integer.parseInt(s)) : s))
                .toArray();
        return new ImageFileDataset(csv.toString(), files, labels, names);
    }

    /** The image files, in item order. */
    public List<Path> files() {
        return files;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public boolean labelled() {
        if (labels == null) {
            return false;
        }
        for (int l : labels) {
            if (l < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int label(int i) {
        return labels == null ? -1 : labels[i];
    }

    @Override
    public NDArray images(NDManager manager, int[] indices, int channels, int height, int width) {
        NDList list = new NDList();
        for (int i : indices) {
            list.add(Images.toTensor(manager, Images.read(files.get(i)), channels, height, width));
        }
        return ai.djl.ndarray.NDArrays.concat(list, 0);
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new VisorException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> images(Path dir) {
        return list(dir).stream().filter(Files::isRegularFile).filter(p -> {
            String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
            return EXTENSIONS.stream().anyMatch(n::endsWith);
        }).toList();
    }

    private static String unquote(String s) {
        String t = s.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }
}
