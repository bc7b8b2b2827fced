package dev.visor.dissect;

import java.util.ArrayList;
import java.util.List;

/**
 * The concepts of the synthetic probe set and their label numbers: Broden's 11 colour terms (Bau et al.
 * 2017 use the colour names of van de Weijer et al. 2009), procedural textures, simple objects and their
 * parts. Numbers run from 1 in the order listed here; 0 is "no label".
 */
public final class SynthConcepts {
    private SynthConcepts() {}

    /** A colour term and the sRGB prototype it is painted with (shades vary around it by a few levels). */
    public record ColourTerm(String name, int r, int g, int b) {}

    /** Broden's colour terms, with prototypes far apart in RGB. */
    public static final List<ColourTerm> COLOURS = List.of(
            new ColourTerm("black", 10, 10, 10), new ColourTerm("blue", 30, 60, 220), new ColourTerm("brown", 120, 70, 30),
            new ColourTerm("green", 40, 160, 50), new ColourTerm("grey", 128, 128, 128), new ColourTerm("orange", 250, 150, 0),
            new ColourTerm("pink", 250, 170, 200), new ColourTerm("purple", 130, 40, 170), new ColourTerm("red", 230, 20, 20),
            new ColourTerm("white", 245, 245, 245), new ColourTerm("yellow", 240, 220, 30));

    /** Whole-image textures. */
    public static final List<String> TEXTURES = List.of("stripes-horizontal", "stripes-vertical", "stripes-diagonal", "checks",
            "dots", "zigzag", "waves", "grid", "noise-fine", "noise-coarse");

    /** Objects. */
    public static final List<String> OBJECTS = List.of("circle", "square", "triangle", "star", "ring", "cross");

    /** Parts, where an object has natural ones. */
    public static final List<String> PARTS = List.of("ring-inner-edge", "ring-outer-edge", "star-centre", "star-point",
            "cross-centre", "cross-arm");

    /** The categories of index.csv, in Broden's order (material and scene stay empty in the synthetic set). */
    public static final List<String> CATEGORIES = List.of("color", "object", "part", "material", "scene", "texture");

    /** A label of the set. */
    public record Concept(int number, String name, String category) {}

    /** All built-in labels, numbered from 1. */
    public static List<Concept> all() {
        return all(List.of());
    }

    /**
     * The built-in labels followed by natural texture concepts ({@link NaturalTextures}), which take the numbers
     * after the procedural textures so that the built-in numbers never move.
     */
    public static List<Concept> all(List<String> naturalTextures) {
        List<Concept> out = new ArrayList<>();
        for (ColourTerm c : COLOURS) {
            out.add(new Concept(out.size() + 1, c.name() + "-c", "color"));
        }
        for (String o : OBJECTS) {
            out.add(new Concept(out.size() + 1, o, "object"));
        }
        for (String p : PARTS) {
            out.add(new Concept(out.size() + 1, p, "part"));
        }
        for (String t : TEXTURES) {
            out.add(new Concept(out.size() + 1, t, "texture"));
        }
        for (String t : naturalTextures) {
            out.add(new Concept(out.size() + 1, t, "texture"));
        }
        return out;
    }

    /** The label number of colour term {@code i}. */
    public static int colour(int i) {
        return 1 + i;
    }

    /** The label number of object {@code i}. */
    public static int object(int i) {
        return 1 + COLOURS.size() + i;
    }

    /** The label number of a part by name. */
    public static int part(String name) {
        return 1 + COLOURS.size() + OBJECTS.size() + PARTS.indexOf(name);
    }

    /** The label number of texture {@code i} (natural textures follow the procedural ones: i ≥ {@code TEXTURES.size()}). */
    public static int texture(int i) {
        return 1 + COLOURS.size() + OBJECTS.size() + PARTS.size() + i;
    }
}
