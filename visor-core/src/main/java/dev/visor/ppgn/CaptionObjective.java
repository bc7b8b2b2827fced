package dev.visor.ppgn;

import ai.djl.ndarray.NDArray;
import dev.visor.optvis.objective.Evaluation;
import dev.visor.optvis.objective.Objective;
import java.util.Set;

/**
 * The caption condition of PPGN: log p(caption | image) = Σ_t log p(word_t | image, words_{<t}) of a
 * {@link Captioner}, on the rendered image (in [0, 1], the captioner maps it to its own input).
 *
 * @param captioner the captioning network (owned by the caller)
 * @param caption   the caption text
 * @param tokens    its token ids, {@code <end>} last
 */
public record CaptionObjective(Captioner captioner, String caption, int[] tokens) implements Objective {
    /** The objective for a caption; unknown words are refused with the vocabulary listed. */
    public static CaptionObjective of(Captioner captioner, String caption) {
        return new CaptionObjective(captioner, caption, captioner.tokens(caption));
    }

    @Override
    public NDArray score(Evaluation e) {
        return captioner.logProbability(e.image(), tokens);
    }

    @Override
    public void validate(dev.visor.optvis.objective.ModelShapes shapes) {
        // Reads only the image, not the classifier's layers.
    }

    @Override
    public Set<String> layers() {
        return Set.of();
    }

    @Override
    public String describe() {
        return "caption(\"" + caption + "\")";
    }
}
