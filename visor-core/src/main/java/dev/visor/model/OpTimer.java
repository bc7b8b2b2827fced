package dev.visor.model;

/**
 * Receives the wall time of every op a {@link Model} runs on the libtorch path (for a per-op profile,
 * e.g. {@code visor bench forward --profile}). Ops on the CPU run synchronously, so the time of
 * {@link Op#apply} is the op's own time.
 */
@FunctionalInterface
public interface OpTimer {
    /**
     * One op ran.
     *
     * @param node   the node (for a fused Conv+BatchNormalization, the batch normalisation)
     * @param opType the op that ran: the node's op type, or {@code Conv+BatchNormalization} when fused
     * @param nanos  wall time of the op
     */
    void record(Node node, String opType, long nanos);
}
