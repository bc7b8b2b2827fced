package dev.visor.io.zoo;

import java.nio.file.Path;

/**
 * Where zoo models are cached and where they are fetched from.
 *
 * @param cacheRoot the folder holding one sub-folder per model
 * @param mirror    a local folder or URL laid out as MIRROR/NAME/files to fetch from instead of the
 *                  models' public homes, or null
 */
public record ZooSettings(Path cacheRoot, String mirror) {
    /**
     * From system properties and the environment: cache {@code visor.cache} / {@code $VISOR_CACHE}
     * (its {@code zoo} sub-folder) or else {@code ~/.cache/visor/zoo}; mirror
     * {@code visor.zoo.mirror} (the CLI's --zoo-mirror) / {@code $VISOR_ZOO_MIRROR}.
     */
    public static ZooSettings fromEnvironment() {
        String cache = first(System.getProperty("visor.cache"), System.getenv("VISOR_CACHE"));
        Path root = cache != null ? Path.of(cache).resolve("zoo")
                : Path.of(System.getProperty("user.home"), ".cache", "visor", "zoo");
        return new ZooSettings(root, first(System.getProperty("visor.zoo.mirror"), System.getenv("VISOR_ZOO_MIRROR")));
    }

    private static String first(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }
}
