/**
 * Per-unit statistics of streaming dataset passes: {@link dev.visor.stats.TopK} (exact, deterministic ties),
 * {@link dev.visor.stats.Moments} (Welford / Chan et al.), {@link dev.visor.stats.Quantiles} (DataSketches KLL),
 * each mergeable across shards and serialisable for checkpoints; and {@link dev.visor.stats.DatasetPass}, which
 * feeds a dataset through a model once (prefetching, sharded, checkpointed) and updates them for many layers.
 */
package dev.visor.stats;
