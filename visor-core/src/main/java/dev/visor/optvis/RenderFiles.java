package dev.visor.optvis;

import java.nio.file.Path;

/** File names of render outputs, shared by the render jobs and everything that reads their folders. */
public final class RenderFiles {
    private RenderFiles() {}

    /** A file-name-safe form of an objective or layer name (at most 60 characters). */
    public static String slug(String text) {
        String s = text.replaceAll("[^A-Za-z0-9_.-]+", "_").replaceAll("^_+|_+$", "");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    /** The PNG of one unit of a layer render: {@code <layer>_<unit, 4 digits>.png}. */
    public static Path unitPng(Path out, String layer, int unit) {
        return out.resolve(String.format("%s_%04d.png", slug(layer), unit));
    }

    /** The grid of a layer render. */
    public static Path layerGrid(Path out, String layer) {
        return out.resolve(slug(layer) + "_grid.png");
    }
}
