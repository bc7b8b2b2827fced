package dev.visor.ppgn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.visor.VisorException;
import dev.visor.io.ModelLoader;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import java.util.List;

/**
 * A small image captioner: a CNN's features f(x) and a one-layer decoder that gives the word
 * logits of every step from the image, the previous word and the position (teacher forcing):
 * <pre>
 *   z_t = relu(f(x)·W_img + E[w_{t−1}] + P[t] + b),   logits_t = z_t·W_out + b_out,
 *   log p(caption | x) = Σ_t log softmax(logits_t)[w_t].
 * </pre>
 * The template language of {@link CaptionTemplates} is first-order given the position (which words
 * may follow depends only on the previous word and how many came before), so conditioning on
 * w_{t−1} and t is conditioning on all of words_{<t}.
 *
 * <p>Stored as one Visor model: the CNN is the graph (output = the features), the decoder weights
 * are extra tensors {@code dec.*}, and the model's labels are the vocabulary.
 */
public final class Captioner implements AutoCloseable {
    /** Decoder weights: image projection (F, H). */
    public static final String IMG = "dec.img";
    /** Word embeddings (V, H). */
    public static final String EMBED = "dec.embed";
    /** Position embeddings (T, H). */
    public static final String POS = "dec.pos";
    /** Hidden bias (H). */
    public static final String BIAS = "dec.bias";
    /** Output projection (H, V). */
    public static final String OUT = "dec.out";
    /** Output bias (V). */
    public static final String OUT_BIAS = "dec.out_bias";

    private final Model model;
    private final List<String> vocabulary;
    private final int maxLength;
    private final int start;
    private final int end;

    /** Wraps a loaded captioner model; refuses a model without the decoder tensors or vocabulary. */
    public Captioner(Model model) {
        this.model = model;
        for (String w : List.of(IMG, EMBED, POS, BIAS, OUT, OUT_BIAS)) {
            if (!model.graph().initializers().containsKey(w)) {
                model.close();
                throw new VisorException(model.source() + " is not a Visor captioner (no decoder tensor '" + w
                        + "'; make one with `visor train captioner`)");
            }
        }
        this.vocabulary = model.labels();
        this.start = vocabulary.indexOf(CaptionTemplates.START);
        this.end = vocabulary.indexOf(CaptionTemplates.END);
        if (start < 0 || end < 0) {
            model.close();
            throw new VisorException(model.source() + " has no caption vocabulary (its labels lack <start> and <end>)");
        }
        this.maxLength = (int) model.graph().initializers().get(POS).getShape().get(0);
    }

    /** Loads {@code builtin:fashion-captioner} or a Visor model folder made by {@code visor train captioner}. */
    public static Captioner load(String spec) {
        return new Captioner(ModelLoader.load(spec));
    }

    /** The wrapped model (its input spec is the image input). */
    public Model model() {
        return model;
    }

    /** The vocabulary (token ids are indices). */
    public List<String> vocabulary() {
        return vocabulary;
    }

    /** The longest caption in tokens, {@code <end>} included. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Token ids of a caption ({@code <end>} appended).
     *
     * @throws VisorException naming the vocabulary for an unknown word or a caption that is too long
     */
    public int[] tokens(String caption) {
        int[] t = CaptionTemplates.tokens(caption, vocabulary);
        if (t.length > maxLength) {
            throw new VisorException("caption '" + caption + "' has " + (t.length - 1) + " words; this captioner takes at most "
                    + (maxLength - 1));
        }
        return t;
    }

    /** The image features f(x) of a preprocessed batch. */
    public NDArray features(NDArray modelInput, ForwardRequest request) {
        return model.forward(modelInput, request).output();
    }

    /** log p(caption | x) of images in [0, 1] (N, C, H, W), the same caption for all; differentiable. */
    public NDArray logProbability(NDArray image01, int[] tokens) {
        NDArray f = features(model.inputSpec().toModel(image01), ForwardRequest.of());
        int n = (int) f.getShape().get(0);
        int[][] all = new int[n][];
        java.util.Arrays.fill(all, tokens);
        return decode(f, all);
    }

    /** log p(caption_i | x_i) from features (N, F) and token ids per image ({@code <end>} last); differentiable. */
    public NDArray decode(NDArray features, int[][] tokens) {
        NDManager m = features.getManager();
        int n = tokens.length;
        int v = vocabulary.size();
        int t = maxLength;
        float[] prev = new float[n * t * v];
        float[] target = new float[n * t * v];
        for (int i = 0; i < n; i++) {
            if (tokens[i].length > t) {
                throw new VisorException("a caption of " + tokens[i].length + " tokens is longer than this captioner's " + t);
            }
            for (int s = 0; s < tokens[i].length; s++) {
                prev[(i * t + s) * v + (s == 0 ? start : tokens[i][s - 1])] = 1;
                target[(i * t + s) * v + tokens[i][s]] = 1;
            }
        }
        var w = model.graph().initializers();
        NDArray img = features.matMul(w.get(IMG)).expandDims(1);                   // (N, 1, H)
        NDArray words = m.create(prev, new Shape(n, t, v)).matMul(w.get(EMBED));   // (N, T, H)
        NDArray z = Activation.relu(words.add(img).add(w.get(POS)).add(w.get(BIAS)));
        NDArray logp = z.matMul(w.get(OUT)).add(w.get(OUT_BIAS)).logSoftmax(2);  // (N, T, V)
        // Padding steps have an all-zero target row, so they add nothing.
        return logp.mul(m.create(target, new Shape(n, t, v))).sum(new int[] {1, 2});
    }

    @Override
    public void close() {
        model.close();
    }
}
