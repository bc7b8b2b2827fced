package dev.visor.train;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.visor.VisorException;
import dev.visor.io.visor.Provenance;
import dev.visor.io.visor.TensorBlob;
import dev.visor.io.visor.TensorEntry;
import dev.visor.io.visor.VisorModelFile;
import dev.visor.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The state of a training run after a whole epoch, in {@code OUT/checkpoint/}: the model (Visor
 * format, BN statistics included), Adam's moments ({@code optimizer.bin}) and {@code state.json}
 * (settings, epochs and steps done, history). Written to a temporary folder and renamed, so a
 * kill at any moment leaves the previous or the new checkpoint, never half of one.
 */
public final class Checkpoint {
    static final String DIR = "checkpoint";
    /** The file a complete checkpoint ends with. */
    public static final String STATE = "state.json";
    private static final String OPTIMIZER = "optimizer.bin";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What {@code state.json} holds.
     *
     * @param settings     the run's settings (a resume must match them)
     * @param data         the training data's name
     * @param epochsDone   whole epochs done
     * @param steps        optimizer steps done
     * @param trainSeconds training time so far
     * @param history      per-epoch results so far
     * @param optimizer    Adam moments in optimizer.bin ({@code m:NAME}, {@code v:NAME})
     */
    record State(TrainSettings settings, String data, int epochsDone, int steps, double trainSeconds,
                 List<Provenance.Epoch> history, List<TensorEntry> optimizer) {}

    private Checkpoint() {}

    /** Writes the files of a checkpoint into a (new, empty) folder. */
    @FunctionalInterface
    public interface Contents {
        /** Writes the files into {@code dir}; the last one written must be {@code state.json}. */
        void write(Path dir) throws IOException;
    }

    /** Writes the checkpoint of {@code out}, replacing the previous one. */
    static void save(Path out, Model model, ResumableAdam adam, State state) {
        save(out, model, adam, entries -> new State(state.settings(), state.data(), state.epochsDone(), state.steps(),
                state.trainSeconds(), state.history(), entries));
    }

    /**
     * Writes a checkpoint whose {@code state.json} is another trainer's record: {@code state} makes it from the
     * entries of the optimizer moments written to {@code optimizer.bin}.
     */
    static void save(Path out, Model model, ResumableAdam adam, java.util.function.Function<List<TensorEntry>, ?> state) {
        replace(out, tmp -> {
            VisorModelFile.write(model, null, tmp);
            Map<String, NDArray> moments = new LinkedHashMap<>();
            adam.means().forEach((k, v) -> moments.put("m:" + k, v));
            adam.variances().forEach((k, v) -> moments.put("v:" + k, v));
            List<TensorEntry> entries = TensorBlob.write(moments, tmp.resolve(OPTIMIZER));
            MAPPER.writeValue(tmp.resolve(STATE).toFile(), state.apply(entries));
        });
    }

    /**
     * Replaces {@code out/checkpoint/} by what {@code contents} writes (into a temporary folder that is renamed), so
     * a kill at any moment leaves the previous or the new checkpoint. Other trainers (e.g. the generator's) use it
     * with their own files; {@link #find} then finds the folder by its {@code state.json}.
     */
    public static void replace(Path out, Contents contents) {
        Path dir = out.resolve(DIR);
        Path tmp = out.resolve(DIR + ".tmp");
        Path old = out.resolve(DIR + ".old");
        try {
            delete(tmp);
            Files.createDirectories(tmp);
            contents.write(tmp);
            delete(old);
            if (Files.exists(dir)) {
                Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            delete(old);
        } catch (IOException e) {
            throw new VisorException("cannot write checkpoint in " + out + ": " + e.getMessage(), e);
        }
    }

    /** The checkpoint folder of {@code out}, or null when there is none. */
    public static Path find(Path out) {
        for (String d : new String[] {DIR, DIR + ".old"}) {
            if (Files.isRegularFile(out.resolve(d).resolve(STATE))) {
                return out.resolve(d);
            }
        }
        return null;
    }

    /** Reads {@code state.json}. */
    static State state(Path dir) {
        return state(dir, State.class);
    }

    /** Reads {@code state.json} as another trainer's record. */
    static <S> S state(Path dir, Class<S> type) {
        try {
            return MAPPER.readValue(dir.resolve(STATE).toFile(), type);
        } catch (IOException e) {
            throw new VisorException("cannot read checkpoint " + dir.resolve(STATE) + ": " + e.getMessage(), e);
        }
    }

    /** Loads the checkpoint's model. */
    static Model model(Path dir, String name) {
        return VisorModelFile.read(VisorModelFile.directory(dir), name);
    }

    /** Restores Adam's moments into the model's manager. */
    static void restoreOptimizer(Path dir, State state, Model model, ResumableAdam adam) {
        restoreOptimizer(dir, state.optimizer(), model, adam);
    }

    /** Restores Adam's moments listed in {@code entries} into the model's manager. */
    static void restoreOptimizer(Path dir, List<TensorEntry> entries, Model model, ResumableAdam adam) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(OPTIMIZER));
        } catch (IOException e) {
            throw new VisorException("cannot read " + dir.resolve(OPTIMIZER) + ": " + e.getMessage(), e);
        }
        Map<String, NDArray> all = TensorBlob.read(entries, bytes, dir.resolve(OPTIMIZER).toString(), model.manager());
        Map<String, NDArray> m = new LinkedHashMap<>();
        Map<String, NDArray> v = new LinkedHashMap<>();
        all.forEach((k, a) -> (k.startsWith("m:") ? m : v).put(k.substring(2), a));
        adam.restore(m, v);
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
