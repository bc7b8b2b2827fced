package dev.visor.io.zoo;

import java.util.List;

/**
 * A pretrained model Visor can download by name ({@code zoo:NAME}), with the digest of every file.
 *
 * @param name        the zoo name
 * @param description one line for listings
 * @param baseUrl     the public home the files are fetched from (ending in '/')
 * @param entry       the file (or folder, "." for the cache folder itself) Visor's loader opens
 * @param files       the files and their SHA-256
 */
public record ZooModel(String name, String description, String baseUrl, String entry, List<ZooFile> files) {
    /** Copies the list. */
    public ZooModel {
        files = List.copyOf(files);
    }
}
