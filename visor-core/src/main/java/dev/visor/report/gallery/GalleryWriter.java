package dev.visor.report.gallery;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import dev.visor.VisorException;
import dev.visor.top.TopWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Writes a {@link Gallery} as a static site: {@code index.html} (models and their layers), per model
 * {@code MODEL/index.html} (model-wide results, layers), per layer {@code MODEL/LAYER/index.html} (layer-wide results
 * and a grid of units) and per unit {@code MODEL/LAYER/unit_NNNN.html}. Every image and sidecar is copied under
 * {@code files/} so the site is self-contained; pages link relatively, load no external script or font, and lazy-load
 * their images. Light and dark themes follow {@code prefers-color-scheme}, with a toggle that is remembered.
 */
final class GalleryWriter {
    /** The file that marks a folder as a gallery (the scan does not enter it). */
    static final String MARKER = ".visor-gallery";
    /** Sidecars larger than this are not copied (their settings are on the page anyway). */
    private static final long MAX_SIDECAR = 2L << 20;

    /** What was written. */
    record Written(Path index, int unitPages, int images, long bytes) {}

    private final GallerySettings settings;
    private final Gallery gallery;
    private final Path site;
    private final MustacheFactory mf = new DefaultMustacheFactory("dev/visor/report/gallery");
    private final Map<Path, String> copied = new HashMap<>();
    private final Map<Path, int[]> sizes = new HashMap<>();
    private final List<Path> roots;
    private int images;

    GalleryWriter(GallerySettings settings, Gallery gallery) {
        this.settings = settings;
        this.gallery = gallery;
        this.site = settings.out().toAbsolutePath().normalize();
        this.roots = settings.runs().stream().map(p -> p.toAbsolutePath().normalize()).map(p -> Files.isRegularFile(p) ? p.getParent() : p).toList();
    }

    Written write() {
        try {
            Files.createDirectories(site);
            Files.writeString(site.resolve(MARKER), "a site written by `visor report`; `visor report` does not read this folder\n");
            asset("gallery.css");
            asset("gallery.js");
        } catch (IOException e) {
            throw new VisorException("cannot write the gallery in " + site + ": " + e.getMessage(), e);
        }
        int units = 0;
        List<Map<String, Object>> modelRows = new ArrayList<>();
        Map<String, String> modelSlugs = slugs(gallery.models().keySet());
        for (Gallery.ModelEntry m : gallery.models().values()) {
            String ms = modelSlugs.get(m.name());
            Map<String, String> layerSlugs = slugs(m.layers().keySet());
            List<Map<String, Object>> layerRows = new ArrayList<>();
            for (Gallery.LayerEntry l : m.layers().values()) {
                String ls = layerSlugs.get(l.name());
                String dir = ms + "/" + ls + "/";
                List<Integer> unitList = new ArrayList<>(l.units().keySet());
                for (int i = 0; i < unitList.size(); i++) {
                    int u = unitList.get(i);
                    Map<String, Object> scope = page("../../", m.name() + " " + l.name() + " unit " + u,
                            crumbs("../../", ms, m.name(), ls, l.name()));
                    scope.put("heading", l.name() + " · unit " + u);
                    scope.put("prev", i > 0 ? unitFile(unitList.get(i - 1)) : null);
                    scope.put("next", i + 1 < unitList.size() ? unitFile(unitList.get(i + 1)) : null);
                    scope.put("exhibits", exhibits(sorted(l.units().get(u)), "../../"));
                    render("unit.mustache", scope, site.resolve(dir + unitFile(u)));
                    units++;
                }
                Map<String, Object> scope = page("../../", m.name() + " " + l.name(), crumbs("../../", ms, m.name(), null, null));
                scope.put("heading", l.name());
                scope.put("model", m.name());
                scope.put("exhibits", exhibits(l.general(), "../../"));
                scope.put("units", unitList.stream().map(u -> card(l.units().get(u), u, "../../")).toList());
                scope.put("unitCount", unitList.size());
                render("layer.mustache", scope, site.resolve(dir + "index.html"));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", l.name());
                row.put("href", ls + "/index.html");
                row.put("hrefFromRoot", ms + "/" + ls + "/index.html");
                row.put("units", unitList.size());
                row.put("kinds", kinds(l));
                layerRows.add(row);
            }
            Map<String, Object> scope = page("../", m.name(), List.of());
            scope.put("heading", m.name());
            scope.put("layers", layerRows);
            scope.put("hasLayers", !layerRows.isEmpty());
            scope.put("exhibits", exhibits(m.general(), "../"));
            render("model.mustache", scope, site.resolve(ms + "/index.html"));
            Map<String, Object> mr = new LinkedHashMap<>();
            mr.put("name", m.name());
            mr.put("href", ms + "/index.html");
            mr.put("layers", layerRows);
            mr.put("general", m.general().size());
            modelRows.add(mr);
        }
        Map<String, Object> scope = page("", settings.title(), List.of());
        scope.put("heading", settings.title());
        scope.put("models", modelRows);
        scope.put("runs", roots.stream().map(Path::toString).toList());
        Path index = site.resolve("index.html");
        render("index.mustache", scope, index);
        return new Written(index, units, images, size(site));
    }

    private static String unitFile(int u) {
        return String.format("unit_%04d.html", u);
    }

    private List<Exhibit> sorted(List<Exhibit> list) {
        return list.stream().sorted(Comparator.comparingInt((Exhibit e) -> rank(e.kind())).thenComparing(Exhibit::kind)
                .thenComparing(Exhibit::title)).toList();
    }

    private static int rank(String kind) {
        return GallerySource.registry().get(kind).order();
    }

    private static String kinds(Gallery.LayerEntry l) {
        Set<String> k = new java.util.TreeSet<>(Comparator.comparingInt(GalleryWriter::rank).thenComparing(s -> s));
        l.general().forEach(e -> k.add(e.kind()));
        l.units().values().forEach(list -> list.forEach(e -> k.add(e.kind())));
        return String.join(", ", k);
    }

    /** A unit's cell in the layer grid: its best thumbnail, number, dissection label and kinds. */
    private Map<String, Object> card(List<Exhibit> list, int unit, String root) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("href", unitFile(unit));
        c.put("unit", unit);
        List<Exhibit> s = sorted(list);
        s.stream().filter(e -> !e.pictures().isEmpty()).findFirst().ifPresent(e -> c.put("thumb", picture(e.pictures().get(0), root, 96)));
        s.stream().map(Exhibit::badge).filter(java.util.Objects::nonNull).findFirst().ifPresent(b -> c.put("label", b));
        c.put("kinds", s.stream().map(Exhibit::kind).distinct().collect(Collectors.joining(" · ")));
        return c;
    }

    private List<Map<String, Object>> exhibits(List<Exhibit> list, String root) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Exhibit e : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", e.kind());
            m.put("title", e.title());
            m.put("run", e.sidecar().getParent().getFileName() + "/" + e.sidecar().getFileName());
            m.put("pictures", e.pictures().stream().map(p -> picture(p, root, 0)).toList());
            m.put("facts", e.facts());
            m.put("hasFacts", !e.facts().isEmpty());
            m.put("settings", e.settings().entrySet().stream().map(s -> Map.of("key", s.getKey(), "value", s.getValue())).toList());
            m.put("settingsCount", e.settings().size());
            m.put("sidecarPath", e.sidecar().toString());
            m.put("sidecarName", e.sidecar().getFileName().toString());
            try {
                if (Files.size(e.sidecar()) <= MAX_SIDECAR) {
                    m.put("sidecarHref", root + copy(e.sidecar()));
                }
            } catch (IOException ex) {
                // a sidecar that vanished since the scan: its path is still shown
            }
            out.add(m);
        }
        return out;
    }

    /**
     * An image's fields for a template.
     *
     * @param box 0 for a page image (small ones enlarged to at least 112 px, large ones shown at most 480 px wide);
     *            otherwise the side of a thumbnail
     */
    private Map<String, Object> picture(Exhibit.Picture p, String root, int box) {
        Map<String, Object> m = new LinkedHashMap<>();
        int[] wh = dims(p.file());
        int w = Math.max(1, wh[0]);
        int h = Math.max(1, wh[1]);
        double scale = box > 0 ? (double) box / Math.max(w, h) : w < 112 ? Math.ceil(112.0 / w) : Math.min(1.0, 480.0 / w);
        m.put("src", root + copy(p.file()));
        m.put("caption", p.caption());
        m.put("width", w);
        m.put("height", h);
        m.put("cssWidth", Math.max(1, (int) Math.round(w * scale)));
        m.put("pixelated", w < 200);
        return m;
    }

    /** Copies a file into the site once; its path relative to the site, URL-encoded. */
    private String copy(Path file) {
        return copied.computeIfAbsent(file, f -> {
            String rel = siteName(f);
            Path target = site.resolve(rel);
            try {
                Files.createDirectories(target.getParent());
                Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new VisorException("cannot copy " + f + " into the gallery: " + e.getMessage(), e);
            }
            if (!f.toString().endsWith(".json")) {
                images++;
            }
            return encode(rel);
        });
    }

    /** Where a file goes in the site: {@code files/rN/} + its path in the run, or {@code files/ext/HASH/NAME}. */
    private String siteName(Path f) {
        Path best = null;
        int run = -1;
        for (int i = 0; i < roots.size(); i++) {
            Path r = roots.get(i);
            if (f.startsWith(r) && (best == null || r.getNameCount() > best.getNameCount())) {
                best = r;
                run = i;
            }
        }
        String rel = best != null ? "files/r" + run + "/" + best.relativize(f).toString().replace('\\', '/')
                : "files/ext/" + Integer.toHexString(f.getParent().toString().hashCode()) + "/" + f.getFileName();
        return rel;
    }

    private static String encode(String rel) {
        StringBuilder b = new StringBuilder();
        for (String seg : rel.split("/")) {
            b.append(b.isEmpty() ? "" : "/").append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }

    /** Width and height from the image header (no decoding); 0, 0 when unreadable. */
    private int[] dims(Path file) {
        return sizes.computeIfAbsent(file, f -> {
            try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
                var readers = ImageIO.getImageReaders(in);
                if (in != null && readers.hasNext()) {
                    ImageReader r = readers.next();
                    try {
                        r.setInput(in, true, true);
                        return new int[] {r.getWidth(0), r.getHeight(0)};
                    } finally {
                        r.dispose();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // shown at a default size
            }
            return new int[] {0, 0};
        });
    }

    /** Folder names for names (layer or model), unique among their siblings. */
    private Map<String, String> slugs(Set<String> names) {
        Map<String, String> m = new LinkedHashMap<>();
        Set<String> used = new LinkedHashSet<>(List.of("files", "assets"));
        for (String n : names) {
            String base = TopWriter.folderName(n);
            String s = base;
            for (int i = 2; !used.add(s.toLowerCase(java.util.Locale.ROOT)); i++) {
                s = base + "-" + i;
            }
            m.put(n, s);
        }
        return m;
    }

    private Map<String, Object> page(String root, String title, List<Map<String, String>> crumbs) {
        Map<String, Object> m = new HashMap<>();
        m.put("root", root);
        m.put("pageTitle", title);
        m.put("siteTitle", settings.title());
        m.put("crumbs", crumbs);
        return m;
    }

    private static List<Map<String, String>> crumbs(String root, String ms, String model, String ls, String layer) {
        List<Map<String, String>> c = new ArrayList<>();
        c.add(Map.of("href", root + ms + "/index.html", "name", model));
        if (ls != null) {
            c.add(Map.of("href", root + ms + "/" + ls + "/index.html", "name", layer));
        }
        return c;
    }

    private void render(String template, Map<String, Object> scope, Path file) {
        Mustache t = mf.compile(template);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                t.execute(w, scope).flush();
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VisorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void asset(String name) throws IOException {
        try (InputStream in = GalleryWriter.class.getResourceAsStream("/dev/visor/report/gallery/" + name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            Path target = site.resolve("assets/" + name);
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static long size(Path dir) {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
