package dev.visor.dissect;

import dev.visor.VisorException;
import java.nio.file.Path;

/**
 * Settings of {@link SynthProbeSet}. Start from {@link #defaults()} and change fields with the withers.
 *
 * @param images number of images
 * @param size   image (and mask) side in pixels
 * @param seed     the seed: the same settings write the same bytes
 * @param textures a folder of natural textures to add (one sub-folder of images per concept, see
 *                 {@link NaturalTextures}), or null for the procedural ones only
 */
public record SynthSettings(int images, int size, long seed, Path textures) {
    /** Images in the default set. */
    public static final int DEFAULT_IMAGES = 1000;
    /** Image side: a small multiple of 32 so that textures of several scales fit. */
    public static final int DEFAULT_SIZE = 64;
    /** Smallest side that still shows a texture's period and an object's parts. */
    public static final int MIN_SIZE = 16;

    /** Checks the values. */
    public SynthSettings {
        if (images < 1 || images > 10_000_000) {
            throw new VisorException("--images must be in 1..10000000, got " + images);
        }
        if (size < MIN_SIZE || size > 1024) {
            throw new VisorException("--size must be in " + MIN_SIZE + "..1024, got " + size);
        }
    }

    /** 1000 images of 64×64, seed 0, procedural textures only. */
    public static SynthSettings defaults() {
        return new SynthSettings(DEFAULT_IMAGES, DEFAULT_SIZE, 0, null);
    }

    /** This many images. */
    public SynthSettings withImages(int n) {
        return new SynthSettings(n, size, seed, textures);
    }

    /** This image side. */
    public SynthSettings withSize(int s) {
        return new SynthSettings(images, s, seed, textures);
    }

    /** This seed. */
    public SynthSettings withSeed(long s) {
        return new SynthSettings(images, size, s, textures);
    }

    /** With natural textures from this folder (null: none). */
    public SynthSettings withTextures(Path dir) {
        return new SynthSettings(images, size, seed, dir);
    }
}
