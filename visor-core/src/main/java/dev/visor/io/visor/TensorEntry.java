package dev.visor.io.visor;

/**
 * Where one tensor lies in a {@code weights.bin} file.
 *
 * @param name   tensor name
 * @param dtype  {@code float32} or {@code int64}, little-endian
 * @param shape  dimensions
 * @param offset byte offset in the file
 * @param bytes  byte length
 */
public record TensorEntry(String name, String dtype, long[] shape, long offset, long bytes) {}
