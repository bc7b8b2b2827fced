package dev.visor.report.gallery;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unit an objective names: {@code LAYER:CH}, {@code LAYER:CH@X,Y} (a neuron of the channel) or
 * {@code logit(N)} / {@code logprob(N)} (class N, shown under the pseudo-layer {@value #CLASSES}).
 * Compound objectives ({@code bn2:3 - 0.05*tv}) name their first unit term.
 *
 * @param layer the layer
 * @param unit  the channel or dense unit
 */
record UnitRef(String layer, int unit) {
    /** The layer name class objectives are filed under. */
    static final String CLASSES = "classes";

    private static final Pattern CHANNEL = Pattern.compile("^\\s*([A-Za-z_][\\w./-]*):(\\d+)(?:@\\d+,\\d+)?");
    private static final Pattern CLASS = Pattern.compile("^\\s*(?:logit|logprob)\\((\\d+)\\)");

    /** The unit, or null when the objective does not start with one. */
    static UnitRef parse(String objective) {
        if (objective == null) {
            return null;
        }
        Matcher m = CHANNEL.matcher(objective);
        if (m.find()) {
            return new UnitRef(m.group(1), Integer.parseInt(m.group(2)));
        }
        Matcher c = CLASS.matcher(objective);
        return c.find() ? new UnitRef(CLASSES, Integer.parseInt(c.group(1))) : null;
    }
}
