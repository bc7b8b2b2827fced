package dev.visor.dissect;

import dev.visor.VisorException;
import dev.visor.data.Images;
import dev.visor.engine.RunRandom;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Natural textures a user adds to the synthetic probe set ({@code visor probe-set synth --textures DIR}):
 * one sub-folder of {@code DIR} per texture concept, named for it, holding image files of that texture.
 * An image of the probe set drawn from such a concept is a random square crop of one of its files, scaled to
 * the set's size, labelled with the concept for the whole image (like Broden's texture category, which has
 * no masks). Folders and files are read in name order, so a set stays the same bytes for a seed.
 */
public final class NaturalTextures {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp");
    /** The smallest crop, as a fraction of the file's shorter side. */
    static final double MIN_CROP = 0.5;

    private final List<String> names;
    private final List<List<BufferedImage>> images;

    private NaturalTextures(List<String> names, List<List<BufferedImage>> images) {
        this.names = List.copyOf(names);
        this.images = images;
    }

    /** No natural textures. */
    public static NaturalTextures none() {
        return new NaturalTextures(List.of(), List.of());
    }

    /**
     * Reads {@code dir}: every sub-folder is a concept and must hold at least one decodable image; names must be
     * plain ({@code [A-Za-z0-9_-]}, as they become label names in CSV files) and must not repeat a built-in
     * concept.
     */
    public static NaturalTextures read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new VisorException("--textures: " + dir + " is not a folder (expected one sub-folder of images per texture)");
        }
        List<Path> folders;
        try (Stream<Path> s = Files.list(dir)) {
            folders = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new VisorException("--textures: cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (folders.isEmpty()) {
            throw new VisorException("--textures: " + dir + " has no sub-folders (expected one sub-folder of images per texture)");
        }
        List<String> builtIn = SynthConcepts.all().stream().map(SynthConcepts.Concept::name).toList();
        List<String> names = new ArrayList<>();
        List<List<BufferedImage>> images = new ArrayList<>();
        for (Path f : folders) {
            String name = f.getFileName().toString();
            if (!NAME.matcher(name).matches()) {
                throw new VisorException("--textures: folder name '" + name + "' must be letters, digits, '_' or '-' (it becomes a label)");
            }
            if (builtIn.contains(name)) {
                throw new VisorException("--textures: '" + name + "' is already a built-in concept; rename the folder");
            }
            List<BufferedImage> in = new ArrayList<>();
            for (Path file : imageFiles(f)) {
                in.add(Images.read(file));
            }
            if (in.isEmpty()) {
                throw new VisorException("--textures: " + f + " holds no image files (" + String.join(", ", EXTENSIONS) + ")");
            }
            names.add(name);
            images.add(in);
        }
        return new NaturalTextures(names, images);
    }

    private static List<Path> imageFiles(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> EXTENSIONS.stream().anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new VisorException("--textures: cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The concept names, in label order. */
    public List<String> names() {
        return names;
    }

    /** Number of concepts. */
    public int size() {
        return names.size();
    }

    /** A {@code side}×{@code side} crop of a random file of concept {@code concept}, drawn from {@code r}. */
    BufferedImage sample(int concept, int side, RunRandom r) {
        List<BufferedImage> in = images.get(concept);
        BufferedImage img = in.get(r.nextInt(in.size()));
        int shorter = Math.min(img.getWidth(), img.getHeight());
        int crop = Math.max(1, (int) Math.round(shorter * (MIN_CROP + (1 - MIN_CROP) * r.nextDouble())));
        int x = r.nextInt(img.getWidth() - crop + 1);
        int y = r.nextInt(img.getHeight() - crop + 1);
        return Images.resize(img.getSubimage(x, y, crop, crop), side, side);
    }
}
