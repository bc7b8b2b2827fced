package dev.visor.facets;

import dev.visor.data.Dataset;
import dev.visor.model.Model;
import dev.visor.optvis.objective.Objective;

/**
 * Where {@link FacetJob} gets a unit's top-N images. The streaming statistics pass ({@code stats/},
 * {@code visor top}) is to provide this; until it merges, {@link ForwardTopImages} stands in.
 */
public interface TopImagesSource {
    /**
     * The {@code n} images of {@code dataset} on which {@code unit} (one score per image) is highest.
     *
     * @param unit a validated objective
     */
    TopImages top(Model model, Dataset dataset, Objective unit, int n);
}
