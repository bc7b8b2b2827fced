package dev.visor.dissect;

import dev.visor.VisorException;
import dev.visor.data.Images;
import dev.visor.engine.RunRandom;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a synthetic Broden-format probe set whose masks are exact, because every pixel is painted from
 * the labels (no anti-aliasing, lossless PNG). Half the images are a whole-image texture in two colour
 * terms (texture label for the whole image, colour label per pixel); the others are one to three objects
 * on a flat background (object, part and colour labels per pixel). Every colour region gets its own
 * shade a few levels around its term's prototype. Image {@code i} draws only from
 * {@code RunRandom.derive(seed, i)}, so a set is the same bytes for the same settings. Natural textures from
 * image files ({@link NaturalTextures}) join the procedural ones as further whole-image texture concepts.
 */
public final class SynthProbeSet {
    private static final int SHADE = 8;

    private final SynthSettings settings;
    private final NaturalTextures natural;
    private final List<SynthConcepts.Concept> concepts;
    private final long[] images;
    private final long[] pixels;

    private SynthProbeSet(SynthSettings settings) {
        this.settings = settings;
        this.natural = settings.textures() == null ? NaturalTextures.none() : NaturalTextures.read(settings.textures());
        this.concepts = SynthConcepts.all(natural.names());
        this.images = new long[concepts.size() + 1];
        this.pixels = new long[concepts.size() + 1];
    }

    /** Writes the set into {@code out} (index.csv, label.csv, category.csv, c_*.csv, images/synth/*.png). */
    public static Path write(SynthSettings settings, Path out) {
        return new SynthProbeSet(settings).writeAll(out);
    }

    private Path writeAll(Path out) {
        int s = settings.size();
        StringBuilder index = new StringBuilder(String.join(",", ProbeSet.FIXED) + "," + String.join(",", SynthConcepts.CATEGORIES)
                + "\n");
        for (int i = 0; i < settings.images(); i++) {
            Painting p = paint(new RunRandom(RunRandom.derive(settings.seed(), i)));
            String stem = String.format("synth/%06d", i);
            Path dir = out.resolve("images");
            Images.writePng(p.rgb, dir.resolve(stem + ".png"));
            String colour = p.colour == null ? "" : writeMask(p.colour, dir, stem + "_color.png");
            String object = p.object == null ? "" : writeMask(p.object, dir, stem + "_object.png");
            String part = p.part == null ? "" : writeMask(p.part, dir, stem + "_part.png");
            String texture = p.texture == 0 ? "" : String.valueOf(p.texture);
            if (p.texture != 0) {
                images[p.texture]++;
                pixels[p.texture] += (long) s * s;
            }
            index.append(stem).append(".png,train,").append(s).append(',').append(s).append(',').append(s).append(',').append(s)
                    .append(',').append(colour).append(',').append(object).append(',').append(part).append(",,,").append(texture)
                    .append('\n');
        }
        writeText(out.resolve("index.csv"), index.toString());
        writeTables(out);
        return out;
    }

    /** One composed image and its label maps (row-major, 0 = none). */
    private static final class Painting {
        BufferedImage rgb;
        int[] colour;
        int[] object;
        int[] part;
        int texture;
    }

    private Painting paint(RunRandom r) {
        int s = settings.size();
        Painting p = new Painting();
        p.rgb = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
        p.colour = new int[s * s];
        if (r.nextInt(2) == 0) {
            // without natural textures this draws exactly what it always drew, so old seeds keep their bytes
            int t = r.nextInt(SynthConcepts.TEXTURES.size() + natural.size());
            if (t >= SynthConcepts.TEXTURES.size()) {
                p.rgb = natural.sample(t - SynthConcepts.TEXTURES.size(), s, r);
                p.colour = null; // a photo's colour terms are unknown: no colour mask, whole-image texture label only
                p.texture = SynthConcepts.texture(t);
                return p;
            }
            int c1 = r.nextInt(SynthConcepts.COLOURS.size());
            int c2 = (c1 + 1 + r.nextInt(SynthConcepts.COLOURS.size() - 1)) % SynthConcepts.COLOURS.size();
            int rgb1 = shade(c1, r);
            int rgb2 = shade(c2, r);
            Texture tex = new Texture(SynthConcepts.TEXTURES.get(t), s, r);
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    boolean on = tex.on(x, y);
                    set(p, x, y, on ? rgb1 : rgb2, SynthConcepts.colour(on ? c1 : c2));
                }
            }
            p.texture = SynthConcepts.texture(t);
        } else {
            int bg = r.nextInt(SynthConcepts.COLOURS.size());
            int bgRgb = shade(bg, r);
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    set(p, x, y, bgRgb, SynthConcepts.colour(bg));
                }
            }
            p.object = new int[s * s];
            p.part = new int[s * s];
            int n = 1 + r.nextInt(3);
            for (int k = 0; k < n; k++) {
                int shape = r.nextInt(SynthConcepts.OBJECTS.size());
                int c = (bg + 1 + r.nextInt(SynthConcepts.COLOURS.size() - 1)) % SynthConcepts.COLOURS.size();
                int rgb = shade(c, r);
                double radius = s * (0.12 + 0.13 * r.nextDouble());
                double cx = radius + r.nextDouble() * (s - 2 * radius);
                double cy = radius + r.nextDouble() * (s - 2 * radius);
                Shape sh = new Shape(SynthConcepts.OBJECTS.get(shape), cx, cy, radius);
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        String part = sh.part(x + 0.5, y + 0.5);
                        if (part != null) {
                            set(p, x, y, rgb, SynthConcepts.colour(c));
                            p.object[y * s + x] = SynthConcepts.object(shape);
                            p.part[y * s + x] = part.isEmpty() ? 0 : SynthConcepts.part(part);
                        }
                    }
                }
            }
            if (java.util.Arrays.stream(p.part).allMatch(v -> v == 0)) {
                p.part = null;
            }
        }
        return p;
    }

    private static void set(Painting p, int x, int y, int rgb, int colourLabel) {
        p.rgb.setRGB(x, y, rgb);
        p.colour[y * p.rgb.getWidth() + x] = colourLabel;
    }

    /** The term's prototype moved by up to ±{@link #SHADE} levels per channel (one shade per region). */
    private static int shade(int term, RunRandom r) {
        SynthConcepts.ColourTerm c = SynthConcepts.COLOURS.get(term);
        int red = clamp(c.r() + r.nextInt(-SHADE, SHADE));
        int green = clamp(c.g() + r.nextInt(-SHADE, SHADE));
        int blue = clamp(c.b() + r.nextInt(-SHADE, SHADE));
        return (red << 16) | (green << 8) | blue;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** A two-colour procedural texture with a random period (several scales), phase and, where it has one, orientation. */
    private static final class Texture {
        private final String kind;
        private final double period;
        private final double phaseX;
        private final double phaseY;
        private final boolean swap;
        private final boolean flip;
        private final int s;
        private final boolean[] noise;
        private final int cell;

        Texture(String kind, int s, RunRandom r) {
            this.kind = kind;
            this.s = s;
            double[] scales = {6, 8, 10, 14};
            this.period = Math.max(4, s / 64.0 * scales[r.nextInt(scales.length)]);
            this.phaseX = r.nextDouble() * period;
            this.phaseY = r.nextDouble() * period;
            this.swap = r.nextInt(2) == 0;
            this.flip = r.nextInt(2) == 0;
            this.cell = kind.equals("noise-fine") ? Math.max(1, s / 32) : Math.max(2, s / 8);
            int n = s / cell + 2;
            this.noise = new boolean[n * n];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = r.nextInt(2) == 0;
            }
        }

        boolean on(int xi, int yi) {
            double x = xi + 0.5 + phaseX;
            double y = yi + 0.5 + phaseY;
            double half = period / 2;
            switch (kind) {
                case "stripes-horizontal":
                    return band(y, half);
                case "stripes-vertical":
                    return band(x, half);
                case "stripes-diagonal":
                    return band((flip ? x - y + s : x + y) / Math.sqrt(2), half);
                case "checks":
                    return band(x, half) ^ band(y, half);
                case "dots": {
                    double dx = x - period * Math.floor(x / period) - half;
                    double dy = y - period * Math.floor(y / period) - half;
                    return dx * dx + dy * dy < period * period * 0.09;
                }
                case "zigzag": {
                    double u = swap ? y : x;
                    double v = swap ? x : y;
                    double tri = Math.abs(u / period - Math.floor(u / period) - 0.5) * 2;
                    return band(v + tri * period, half);
                }
                case "waves": {
                    double u = swap ? y : x;
                    double v = swap ? x : y;
                    return band(v + Math.sin(2 * Math.PI * u / (2 * period)) * half, half);
                }
                case "grid": {
                    double w = Math.max(1, period / 5);
                    return x - period * Math.floor(x / period) < w || y - period * Math.floor(y / period) < w;
                }
                default: // noise-fine, noise-coarse: random cells
                    int n = s / cell + 2;
                    return noise[(yi / cell) * n + (xi / cell)];
            }
        }

        private static boolean band(double v, double half) {
            return Math.floorMod((long) Math.floor(v / half), 2L) == 0;
        }
    }

    /** An object shape around (cx, cy) of radius r; {@link #part} says which part a point is in. */
    private record Shape(String kind, double cx, double cy, double r) {
        /** Null outside; "" inside an object without parts; else the part's name. */
        String part(double x, double y) {
            double dx = x - cx;
            double dy = y - cy;
            double d = Math.hypot(dx, dy);
            switch (kind) {
                case "circle":
                    return d < r ? "" : null;
                case "square":
                    return Math.abs(dx) < 0.8 * r && Math.abs(dy) < 0.8 * r ? "" : null;
                case "triangle": {
                    // equilateral, pointing up, inscribed in the circle of radius r
                    double h = 1.5 * r;
                    double top = cy - r;
                    double t = (y - top) / h;
                    return t >= 0 && t < 1 && Math.abs(dx) < t * r * Math.sqrt(3) / 2 ? "" : null;
                }
                case "ring": {
                    double inner = 0.55 * r;
                    if (d < inner || d >= r) {
                        return null;
                    }
                    double band = (r - inner) / 3;
                    return d < inner + band ? "ring-inner-edge" : d >= r - band ? "ring-outer-edge" : "";
                }
                case "cross": {
                    double arm = r / 3;
                    boolean in = (Math.abs(dx) < arm && Math.abs(dy) < r) || (Math.abs(dy) < arm && Math.abs(dx) < r);
                    return !in ? null : Math.abs(dx) < arm && Math.abs(dy) < arm ? "cross-centre" : "cross-arm";
                }
                default: { // star: five points, outer radius r, inner 0.4 r
                    if (d >= r) {
                        return null;
                    }
                    double angle = Math.atan2(dx, -dy);
                    double sector = Math.PI / 5;
                    double a = Math.abs(angle - 2 * sector * Math.round(angle / (2 * sector)));
                    // the edge from the point (r, 0) to the notch (0.4 r, sector), in polar form
                    double px = r;
                    double qx = 0.4 * r * Math.cos(sector);
                    double qy = 0.4 * r * Math.sin(sector);
                    double ux = d * Math.cos(a);
                    double uy = d * Math.sin(a);
                    double cross = (qx - px) * uy - qy * (ux - px);
                    if (cross > 0) {
                        return null;
                    }
                    return d < 0.4 * r ? "star-centre" : "star-point";
                }
            }
        }
    }

    private String writeMask(int[] labels, Path dir, String name) {
        int s = settings.size();
        BufferedImage img = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
        boolean[] seen = new boolean[concepts.size() + 1];
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            img.setRGB(i % s, i / s, ((l % 256) << 16) | ((l / 256) << 8));
            pixels[l]++;
            seen[l] = true;
        }
        for (int l = 1; l < seen.length; l++) {
            if (seen[l]) {
                images[l]++;
            }
        }
        Images.writePng(img, dir.resolve(name));
        return name;
    }

    /** label.csv (frequency: images with the label; coverage: its mean fraction of those images), category.csv, c_*.csv. */
    private void writeTables(Path out) {
        double area = (double) settings.size() * settings.size();
        StringBuilder labels = new StringBuilder("number,name,category,frequency,coverage,syns\n0,-,-,0,0,\n");
        for (SynthConcepts.Concept c : concepts) {
            labels.append(c.number()).append(',').append(c.name()).append(',').append(c.category()).append('(')
                    .append(images[c.number()]).append("),").append(images[c.number()]).append(',')
                    .append(coverage(c.number(), area)).append(",\n");
        }
        writeText(out.resolve("label.csv"), labels.toString());
        StringBuilder cats = new StringBuilder("name,first,last,count,frequency\n");
        for (String cat : SynthConcepts.CATEGORIES) {
            List<SynthConcepts.Concept> in = new ArrayList<>(concepts.stream().filter(c -> c.category().equals(cat)).toList());
            long freq = in.stream().mapToLong(c -> images[c.number()]).max().orElse(0);
            cats.append(cat).append(',').append(in.isEmpty() ? 0 : in.get(0).number()).append(',')
                    .append(in.isEmpty() ? 0 : in.get(in.size() - 1).number()).append(',').append(in.size()).append(',').append(freq)
                    .append('\n');
            StringBuilder c = new StringBuilder("code,number,name,frequency,coverage\n");
            for (int k = 0; k < in.size(); k++) {
                SynthConcepts.Concept x = in.get(k);
                c.append(k + 1).append(',').append(x.number()).append(',').append(x.name()).append(',').append(images[x.number()])
                        .append(',').append(coverage(x.number(), area)).append('\n');
            }
            writeText(out.resolve("c_" + cat + ".csv"), c.toString());
        }
        writeText(out.resolve("category.csv"), cats.toString());
    }

    private String coverage(int label, double area) {
        return images[label] == 0 ? "0" : String.format(java.util.Locale.ROOT, "%.6f", pixels[label] / (images[label] * area));
    }

    private static void writeText(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VisorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
