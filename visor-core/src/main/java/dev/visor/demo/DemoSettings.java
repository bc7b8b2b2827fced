package dev.visor.demo;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code visor demo} runs on.
 *
 * @param model  model name for {@link dev.visor.io.ModelLoader} (default {@code builtin:fashion-cnn})
 * @param data   dataset name or path for evaluation and sample images (default {@code fashion-mnist}); may be null
 * @param images extra image files to classify (may be empty)
 * @param out    output folder (index.html goes there)
 * @param seed   the run's seed
 */
public record DemoSettings(String model, String data, List<Path> images, Path out, long seed) {
    /** Copies the list. */
    public DemoSettings {
        images = List.copyOf(images);
    }
}
