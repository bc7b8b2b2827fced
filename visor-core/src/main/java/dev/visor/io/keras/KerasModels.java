package dev.visor.io.keras;

import ai.djl.ndarray.NDManager;
import dev.visor.engine.Engines;
import dev.visor.model.Model;

/** Builds a runnable {@link Model} from a Keras-family file. */
public final class KerasModels {
    private KerasModels() {}

    /** Translates the file and wraps it as a model that owns its weights. */
    public static Model toModel(KerasFile file) {
        NDManager manager = Engines.newManager();
        try {
            KerasTranslator.Translation t = KerasTranslator.translate(file, manager);
            return new Model(t.graph(), t.inputSpec(), file.labels(), file.source(), manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
