package dev.visor.optvis;

import dev.visor.io.ModelLoader;
import dev.visor.model.Model;

/** The shared pretrained darknet-tiny model, through the product's loader. */
public final class DarknetTiny {
    private DarknetTiny() {}

    /** Loads ../shared/models/darknet-tiny. */
    public static Model load() {
        return ModelLoader.load(TestPaths.darknetTiny().toString());
    }
}
