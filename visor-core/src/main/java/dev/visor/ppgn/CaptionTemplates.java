package dev.visor.ppgn;

import dev.visor.VisorException;
import dev.visor.engine.RunRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Template captions for a labelled image set, built from the class and from attributes computed
 * from each image: "a [dark|bright] [small|large] CLASS", where any of the two attributes may be
 * left out ("a coat", "a dark coat", "a small coat", "a dark small coat"). Brightness is the mean
 * intensity of the foreground pixels ({@link #brightness}), size the foreground's share of the image
 * ({@link #size}); "dark" / "small" mean below the class's median over the training images, so
 * both words of each pair are equally common in every class.
 *
 * <p>The vocabulary is {@code <start>, <end>, a, dark, bright, small, large} and the words of the
 * class phrases (the class name in lower case, up to a "/": "T-shirt/top" → "t-shirt", "Ankle
 * boot" → "ankle boot").
 */
public final class CaptionTemplates {
    /** The start token (fed before the first word; never predicted). */
    public static final String START = "<start>";
    /** The end token (predicted after the last word). */
    public static final String END = "<end>";
    /** A pixel is foreground above this intensity. */
    public static final float FOREGROUND = 0.1f;
    private static final List<String> FIXED = List.of(START, END, "a", "dark", "bright", "small", "large");

    private final List<String> classPhrases;
    private final List<String> vocabulary;
    private final int maxLength;

    /** Templates for these class names. */
    public CaptionTemplates(List<String> classNames) {
        this.classPhrases = classNames.stream().map(CaptionTemplates::phrase).toList();
        Set<String> vocab = new LinkedHashSet<>(FIXED);
        int longest = 0;
        for (String p : classPhrases) {
            String[] words = p.split(" ");
            longest = Math.max(longest, words.length);
            vocab.addAll(List.of(words));
        }
        this.vocabulary = List.copyOf(vocab);
        this.maxLength = 3 + longest + 1; // a, two attributes, the class words, <end>
    }

    /** The class phrase of a class name: lower case, up to a "/". */
    public static String phrase(String className) {
        String p = className.toLowerCase(Locale.ROOT);
        int slash = p.indexOf('/');
        return (slash > 0 ? p.substring(0, slash) : p).strip().replaceAll("\\s+", " ");
    }

    /** The vocabulary (index = token id). */
    public List<String> vocabulary() {
        return vocabulary;
    }

    /** The class phrases by class index. */
    public List<String> classPhrases() {
        return classPhrases;
    }

    /** Tokens of the longest caption, {@code <end>} included. */
    public int maxLength() {
        return maxLength;
    }

    /** Mean intensity of the foreground pixels (0 for an empty image). */
    public static float brightness(float[] image01) {
        double sum = 0;
        int n = 0;
        for (float v : image01) {
            if (v > FOREGROUND) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? 0f : (float) (sum / n);
    }

    /** Share of foreground pixels. */
    public static float size(float[] image01) {
        int n = 0;
        for (float v : image01) {
            if (v > FOREGROUND) {
                n++;
            }
        }
        return (float) n / image01.length;
    }

    /**
     * A caption of one image.
     *
     * @param label      class index
     * @param dark       brightness below the class median
     * @param small      size below the class median
     * @param template   0: class only, 1: brightness, 2: size, 3: both
     */
    public String caption(int label, boolean dark, boolean small, int template) {
        StringBuilder b = new StringBuilder("a");
        if ((template & 1) != 0) {
            b.append(dark ? " dark" : " bright");
        }
        if ((template & 2) != 0) {
            b.append(small ? " small" : " large");
        }
        return b.append(' ').append(classPhrases.get(label)).toString();
    }

    /** A template drawn uniformly. */
    public static int template(RunRandom random) {
        return random.nextInt(4);
    }

    /**
     * Token ids of a caption followed by {@code <end>}.
     *
     * @throws VisorException for a word outside the vocabulary, listing it
     */
    public int[] tokens(String caption) {
        return tokens(caption, vocabulary);
    }

    /** {@link #tokens(String)} against a stored vocabulary. */
    public static int[] tokens(String caption, List<String> vocabulary) {
        String[] words = caption.toLowerCase(Locale.ROOT).strip().split("\\s+");
        if (caption.isBlank()) {
            throw new VisorException("the caption is empty; use words of the vocabulary: " + words(vocabulary));
        }
        List<Integer> ids = new ArrayList<>();
        for (String w : words) {
            int id = vocabulary.indexOf(w);
            if (id < 0 || w.equals(START) || w.equals(END)) {
                throw new VisorException("unknown caption word '" + w + "'; the captioner knows: " + words(vocabulary));
            }
            ids.add(id);
        }
        ids.add(vocabulary.indexOf(END));
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String words(List<String> vocabulary) {
        return String.join(", ", vocabulary.stream().filter(w -> !w.equals(START) && !w.equals(END)).toList());
    }

    /** The class a caption names (its class phrase at the end), or -1. */
    public int classOf(String caption) {
        String c = caption.toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
        int best = -1;
        for (int i = 0; i < classPhrases.size(); i++) {
            String p = classPhrases.get(i);
            if ((c.endsWith(" " + p) || c.equals(p)) && (best < 0 || p.length() > classPhrases.get(best).length())) {
                best = i;
            }
        }
        return best;
    }
}
