package dev.visor.dissect;

import java.util.List;

/**
 * One row of a probe set's {@code label.csv}: a concept's global number (the value R + 256·G its masks
 * carry), its name and the categories it belongs to.
 *
 * @param number     the label number (≥ 1; 0 means "no label")
 * @param name       e.g. {@code red-c}, {@code circle}
 * @param categories the categories the label appears in, e.g. {@code [color]}
 */
public record ProbeLabel(int number, String name, List<String> categories) {
    /** Copies the list. */
    public ProbeLabel {
        categories = List.copyOf(categories);
    }
}
