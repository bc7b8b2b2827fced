package dev.visor.optvis.objective;

import dev.visor.VisorException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses objective strings. Grammar (white space is free):
 *
 * <pre>
 * expr    := term (('+' | '-') term)*
 * term    := unary ('*' unary)*            at most one factor of a product may be an objective
 * unary   := '-' unary | primary
 * primary := NUMBER | '(' expr ')' | unit | call | penalty
 * unit    := LAYER ':' INT ['@' (INT ',' INT | 'center')]   channel mean (dense unit), or a neuron
 * call    := logit(CLASS) | logprob(CLASS) | channel(LAYER, INT) | neuron(LAYER, INT [, INT, INT])
 *          | direction(LAYER, FILE) | diversity(LAYER)
 * penalty := l1 | l2 | tv | blur
 * LAYER   := a name of letters, digits, '_', '.', '/', or any text in single quotes
 * CLASS   := a class index or a class name (quoted if it has spaces)
 * </pre>
 *
 * Examples: {@code conv2d_5:3}, {@code leaky_re_lu_8:12@6,6}, {@code logit(281) - 0.05*tv},
 * {@code conv2d_5:3 - 100*diversity(conv2d_5)}. Syntax errors name the 1-based position.
 */
public final class ObjectiveParser {
    private final String text;
    private final ModelShapes shapes;
    private int pos;

    private ObjectiveParser(String text, ModelShapes shapes) {
        this.text = text;
        this.shapes = shapes;
    }

    /** Parses without a model: syntax only, class names cannot be used, and the logits layer must be unknown. */
    public static Objective parse(String text) {
        return parse(text, null);
    }

    /**
     * Parses and validates against a model: layers must exist (the error names the closest),
     * units must be in range, class names are looked up in the model's labels.
     */
    public static Objective parse(String text, ModelShapes shapes) {
        ObjectiveParser p = new ObjectiveParser(text, shapes);
        p.skipSpace();
        if (p.pos >= text.length()) {
            throw new VisorException("empty objective; write e.g. LAYER:CHANNEL or logit(CLASS)");
        }
        Value v = p.expr();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "'");
        }
        if (v.objective == null) {
            throw p.errorAt(0, "the expression is a number, not an objective");
        }
        if (shapes != null) {
            v.objective.validate(shapes);
        }
        return v.objective;
    }

    /** A number or an objective. */
    private record Value(Double number, Objective objective) {
        static Value of(double d) {
            return new Value(d, null);
        }

        static Value of(Objective o) {
            return new Value(null, o);
        }
    }

    private Value expr() {
        int start = pos;
        Value left = term();
        while (true) {
            skipSpace();
            if (peek('+') || peek('-')) {
                char op = text.charAt(pos++);
                Value right = term();
                left = add(left, op == '-' ? negate(right) : right, start);
            } else {
                return left;
            }
        }
    }

    private Value term() {
        Value left = unary();
        while (true) {
            skipSpace();
            if (!peek('*')) {
                return left;
            }
            int at = pos++;
            Value right = unary();
            if (left.objective != null && right.objective != null) {
                throw errorAt(at, "cannot multiply two objectives; weights must be numbers");
            }
            if (left.objective == null && right.objective == null) {
                left = Value.of(left.number * right.number);
            } else if (left.objective != null) {
                left = Value.of(left.objective.times(right.number));
            } else {
                left = Value.of(right.objective.times(left.number));
            }
        }
    }

    private Value unary() {
        skipSpace();
        if (peek('-')) {
            pos++;
            return negate(unary());
        }
        return primary();
    }

    private Value primary() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("expected a unit (LAYER:CHANNEL), a number or a function, but the text ends");
        }
        char c = text.charAt(pos);
        if (c == '(') {
            pos++;
            Value v = expr();
            expect(')', "to close '('");
            return v;
        }
        if (Character.isDigit(c) || c == '.') {
            return Value.of(number());
        }
        if (c != '\'' && !isNameStart(c)) {
            throw error("expected a unit (LAYER:CHANNEL), a number or a function, found '" + c + "'");
        }
        int start = pos;
        boolean quoted = c == '\'';
        String name = name();
        skipSpace();
        if (peek(':')) {
            pos++;
            return Value.of(unit(name));
        }
        if (!quoted && peek('(')) {
            pos++;
            return Value.of(call(name.toLowerCase(Locale.ROOT), start));
        }
        if (!quoted) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "l1" -> { return Value.of(Objectives.penalty(ImagePenalty.Kind.L1)); }
                case "l2" -> { return Value.of(Objectives.penalty(ImagePenalty.Kind.L2)); }
                case "tv" -> { return Value.of(Objectives.penalty(ImagePenalty.Kind.TV)); }
                case "blur" -> { return Value.of(Objectives.penalty(ImagePenalty.Kind.BLUR)); }
                default -> { }
            }
        }
        throw errorAt(pos, "expected ':' and a channel number after layer '" + name + "' (or a function call such as logit(3))");
    }

    private Objective unit(String layer) {
        checkLayer(layer);
        skipSpace();
        int channel = integer("a channel number after ':'");
        skipSpace();
        if (!peek('@')) {
            return Objectives.channel(layer, channel);
        }
        pos++;
        skipSpace();
        if (text.startsWith("center", pos)) {
            pos += "center".length();
            return Objectives.neuron(layer, channel);
        }
        int x = integer("a column after '@'");
        skipSpace();
        expect(',', "between the neuron's column and row (LAYER:CHANNEL@X,Y)");
        skipSpace();
        int y = integer("a row after ','");
        return Objectives.neuron(layer, channel, x, y);
    }

    private Objective call(String fn, int start) {
        Objective o = switch (fn) {
            case "logit", "class" -> Objectives.logit(outputLayer(start), classArg());
            case "logprob" -> Objectives.logProbability(outputLayer(start), classArg());
            case "channel" -> {
                String layer = layerArg();
                comma();
                yield Objectives.channel(layer, integer("a channel number"));
            }
            case "neuron" -> {
                String layer = layerArg();
                comma();
                int ch = integer("a channel number");
                skipSpace();
                if (!peek(',')) {
                    yield Objectives.neuron(layer, ch);
                }
                comma();
                int x = integer("a column");
                comma();
                yield Objectives.neuron(layer, ch, x, integer("a row"));
            }
            case "direction" -> {
                String layer = layerArg();
                comma();
                String file = name();
                yield new DirectionObjective(layer, Objectives.readVector(Path.of(file)), file);
            }
            case "diversity" -> Objectives.diversity(layerArg());
            case "l1", "l2", "tv", "blur" -> Objectives.penalty(ImagePenalty.Kind.valueOf(fn.toUpperCase(Locale.ROOT)));
            default -> throw errorAt(start, "unknown function '" + fn
                    + "'; known: logit, logprob, channel, neuron, direction, diversity, l1, l2, tv, blur");
        };
        skipSpace();
        expect(')', "to close " + fn + "(");
        return o;
    }

    private String outputLayer(int at) {
        if (shapes == null) {
            throw errorAt(at, "class objectives need a model to find the output layer");
        }
        return shapes.outputLayer();
    }

    private int classArg() {
        skipSpace();
        if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            return integer("a class index");
        }
        int at = pos;
        String label = name();
        List<String> labels = shapes.model().labels();
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).equalsIgnoreCase(label)) {
                return i;
            }
        }
        throw errorAt(at, "unknown class '" + label + "'" + (labels.isEmpty() ? " (the model has no labels; use a class index)"
                : "; use a class index or one of the model's " + labels.size() + " labels (quote names with spaces)"));
    }

    private String layerArg() {
        skipSpace();
        String layer = name();
        checkLayer(layer);
        return layer;
    }

    private void checkLayer(String layer) {
        if (shapes != null) {
            shapes.model().resolve(layer);
        }
    }

    private void comma() {
        skipSpace();
        expect(',', "between arguments");
        skipSpace();
    }

    private String name() {
        skipSpace();
        if (peek('\'')) {
            int end = text.indexOf('\'', pos + 1);
            if (end < 0) {
                throw error("unclosed quote");
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }
        int start = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a name" + (pos < text.length() ? ", found '" + text.charAt(pos) + "'" : ", but the text ends"));
        }
        return text.substring(start, pos);
    }

    private int integer(String what) {
        skipSpace();
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw errorAt(start, "expected " + what
                    + (start < text.length() ? ", found '" + text.charAt(start) + "'" : ", but the text ends"));
        }
        try {
            return Integer.parseInt(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw errorAt(start, "number too large");
        }
    }

    private double number() {
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                || text.charAt(pos) == 'e' || text.charAt(pos) == 'E'
                || ((text.charAt(pos) == '-' || text.charAt(pos) == '+') && pos > start
                    && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E')))) {
            pos++;
        }
        try {
            return Double.parseDouble(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw errorAt(start, "bad number '" + text.substring(start, pos) + "'");
        }
    }

    private static Value negate(Value v) {
        return v.objective == null ? Value.of(-v.number) : Value.of(v.objective.negate());
    }

    private Value add(Value a, Value b, int start) {
        if (a.objective == null || b.objective == null) {
            throw errorAt(start, "cannot add a number to an objective; weights multiply, e.g. 0.05*tv");
        }
        return Value.of(a.objective.plus(b.objective));
    }

    private void expect(char c, String why) {
        skipSpace();
        if (!peek(c)) {
            throw error("expected '" + c + "' " + why
                    + (pos < text.length() ? ", found '" + text.charAt(pos) + "'" : ", but the text ends"));
        }
        pos++;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '/';
    }

    private VisorException error(String message) {
        return errorAt(pos, message);
    }

    private VisorException errorAt(int at, String message) {
        return new VisorException("bad objective \"" + text + "\" at position " + (at + 1) + ": " + message);
    }

    /** Parses several objective strings (one per batch item). */
    public static List<Objective> parseAll(List<String> texts, ModelShapes shapes) {
        List<Objective> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(parse(t, shapes));
        }
        return out;
    }
}
