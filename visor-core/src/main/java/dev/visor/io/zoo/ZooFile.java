package dev.visor.io.zoo;

/**
 * One file of a zoo model.
 *
 * @param path     its path relative to the model's home (and cache folder)
 * @param sha256   its SHA-256, lower-case hex
 * @param optional true if the model works without it (e.g. labels hosted elsewhere): a file the
 *                 source does not have is then skipped instead of failing the download
 */
public record ZooFile(String path, String sha256, boolean optional) {
    /** A required file. */
    public static ZooFile of(String path, String sha256) {
        return new ZooFile(path, sha256, false);
    }
}
