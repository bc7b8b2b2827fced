package dev.visor.optvis.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.visor.VisorException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One objective per batch item: item i scores with objective i. Channel objectives on one layer
 * (the common case of rendering a whole layer) are gathered in one operation.
 */
final class PerItem implements Objective {
    private final List<Objective> items;

    PerItem(List<Objective> items) {
        if (items.isEmpty()) {
            throw new VisorException("per-item objectives need at least one item");
        }
        this.items = List.copyOf(items);
    }

    List<Objective> items() {
        return items;
    }

    @Override
    public NDArray score(Evaluation e) {
        if (e.batch() != items.size()) {
            throw new VisorException("per-item objective has " + items.size() + " items but the batch has " + e.batch());
        }
        NDArray gathered = gatherChannels(e);
        if (gathered != null) {
            return gathered;
        }
        NDList picked = new NDList(items.size());
        for (int i = 0; i < items.size(); i++) {
            picked.add(items.get(i).score(e).get(i).reshape(1));
        }
        // NDArrays.concat of one array returns a detached copy (no gradient): keep the single score itself.
        return picked.size() == 1 ? picked.get(0) : NDArrays.concat(picked, 0);
    }

    /** All items are channel means of one layer: take each row's channel with one gather. */
    private NDArray gatherChannels(Evaluation e) {
        String layer = null;
        long[] channels = new long[items.size()];
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof ChannelObjective c) || (layer != null && !layer.equals(c.layer()))) {
                return null;
            }
            layer = c.layer();
            channels[i] = c.channel();
        }
        NDArray means = ChannelObjective.channelMeans(e.activations().get(layer));
        NDArray index = means.getManager().create(channels).reshape(items.size(), 1);
        return means.gather(index, 1).reshape(items.size());
    }

    @Override
    public Set<String> layers() {
        Set<String> all = new LinkedHashSet<>();
        items.forEach(t -> all.addAll(t.layers()));
        return all;
    }

    @Override
    public void validate(ModelShapes shapes) {
        items.forEach(t -> t.validate(shapes));
    }

    @Override
    public String describe() {
        return items.stream().map(Objective::describe).collect(Collectors.joining(" | ", "per-item[", "]"));
    }
}
