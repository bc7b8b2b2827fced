package dev.visor.io.zoo;

import dev.visor.io.ModelFormat;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;

/** {@code zoo:NAME}: a model from Visor's zoo, downloaded and verified into the user's cache. */
public final class ZooFormat implements ModelFormat {
    private static final String PREFIX = "zoo:";

    @Override
    public String name() {
        return "zoo";
    }

    @Override
    public boolean accepts(String spec) {
        return spec.startsWith(PREFIX);
    }

    @Override
    public Model load(String spec) {
        return load(spec, ZooSettings.fromEnvironment());
    }

    /** Loads with explicit cache and mirror settings. */
    public static Model load(String spec, ZooSettings settings) {
        ZooModel model = ZooModels.find(spec.substring(spec.startsWith(PREFIX) ? PREFIX.length() : 0));
        return ModelLoader.load(new ZooFetcher(settings).fetch(model).resolve(model.entry()).toString());
    }
}
