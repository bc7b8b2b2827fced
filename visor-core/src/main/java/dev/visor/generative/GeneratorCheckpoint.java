package dev.visor.generative;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.visor.VisorException;
import dev.visor.io.visor.TensorBlob;
import dev.visor.io.visor.TensorEntry;
import dev.visor.io.visor.VisorModelFile;
import dev.visor.model.Model;
import dev.visor.train.Checkpoint;
import dev.visor.train.ResumableAdam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generator run's state after a whole epoch, in {@code OUT/checkpoint/} (replaced atomically by
 * {@link Checkpoint#replace}): {@code generator/} and {@code discriminator/} (Visor models), both Adams' moments
 * ({@code optimizer.bin}) and {@code state.json}.
 */
final class GeneratorCheckpoint {
    private static final String OPTIMIZER = "optimizer.bin";
    private static final String GENERATOR = "generator";
    private static final String DISCRIMINATOR = "discriminator";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What {@code state.json} holds.
     *
     * @param settings     the run's settings (a resume must match them)
     * @param data         the training data's name
     * @param epochsDone   whole epochs done
     * @param steps        steps done (generator updates)
     * @param dSteps       discriminator updates done (fewer when it was paused)
     * @param lastD        the discriminator loss of the last step (the pause rule reads it)
     * @param lastG        the generator adversarial loss of the last step
     * @param trainSeconds training time so far
     * @param codeUnitMax  per-unit code maxima so far
     * @param history      per-epoch results so far
     * @param optimizer    the moments in optimizer.bin
     */
    record State(GeneratorSettings settings, String data, int epochsDone, int steps, int dSteps, double lastD, double lastG,
                 double trainSeconds, float[] codeUnitMax, List<GeneratorProvenance.Epoch> history,
                 List<TensorEntry> optimizer) {}

    private GeneratorCheckpoint() {}

    static void save(Path out, Model g, Model d, ResumableAdam gAdam, ResumableAdam dAdam, State state) {
        Checkpoint.replace(out, tmp -> {
            VisorModelFile.write(g, null, tmp.resolve(GENERATOR));
            VisorModelFile.write(d, null, tmp.resolve(DISCRIMINATOR));
            Map<String, NDArray> moments = new LinkedHashMap<>();
            gAdam.means().forEach((k, v) -> moments.put("g:m:" + k, v));
            gAdam.variances().forEach((k, v) -> moments.put("g:v:" + k, v));
            dAdam.means().forEach((k, v) -> moments.put("d:m:" + k, v));
            dAdam.variances().forEach((k, v) -> moments.put("d:v:" + k, v));
            List<TensorEntry> entries = TensorBlob.write(moments, tmp.resolve(OPTIMIZER));
            State s = new State(state.settings(), state.data(), state.epochsDone(), state.steps(), state.dSteps(), state.lastD(),
                    state.lastG(), state.trainSeconds(), state.codeUnitMax(), state.history(), entries);
            MAPPER.writeValue(tmp.resolve(Checkpoint.STATE).toFile(), s);
        });
    }

    static State state(Path dir) {
        try {
            return MAPPER.readValue(dir.resolve(Checkpoint.STATE).toFile(), State.class);
        } catch (IOException e) {
            throw new VisorException("cannot read checkpoint " + dir.resolve(Checkpoint.STATE) + " (not a generator run's?): "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    static Model generator(Path dir, String name) {
        return VisorModelFile.read(VisorModelFile.directory(dir.resolve(GENERATOR)), name);
    }

    static Model discriminator(Path dir, String name) {
        return VisorModelFile.read(VisorModelFile.directory(dir.resolve(DISCRIMINATOR)), name);
    }

    /** Restores both optimizers' moments (arrays in each model's manager). */
    static void restore(Path dir, State state, Model g, Model d, ResumableAdam gAdam, ResumableAdam dAdam) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(OPTIMIZER));
        } catch (IOException e) {
            throw new VisorException("cannot read " + dir.resolve(OPTIMIZER) + ": " + e.getMessage(), e);
        }
        String where = dir.resolve(OPTIMIZER).toString();
        Map<String, NDArray> all = new LinkedHashMap<>();
        List<TensorEntry> gEntries = state.optimizer().stream().filter(e -> e.name().startsWith("g:")).toList();
        List<TensorEntry> dEntries = state.optimizer().stream().filter(e -> e.name().startsWith("d:")).toList();
        all.putAll(TensorBlob.read(gEntries, bytes, where, g.manager()));
        all.putAll(TensorBlob.read(dEntries, bytes, where, d.manager()));
        Map<String, NDArray> gm = new LinkedHashMap<>();
        Map<String, NDArray> gv = new LinkedHashMap<>();
        Map<String, NDArray> dm = new LinkedHashMap<>();
        Map<String, NDArray> dv = new LinkedHashMap<>();
        all.forEach((k, a) -> {
            String name = k.substring(4);
            switch (k.substring(0, 4)) {
                case "g:m:" -> gm.put(name, a);
                case "g:v:" -> gv.put(name, a);
                case "d:m:" -> dm.put(name, a);
                default -> dv.put(name, a);
            }
        });
        gAdam.restore(gm, gv);
        dAdam.restore(dm, dv);
    }
}
