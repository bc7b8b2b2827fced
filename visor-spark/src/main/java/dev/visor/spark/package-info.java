/**
 * Visor's long jobs on Apache Spark: {@code render-layer} / {@code render-model} (one task per batch of units,
 * {@link dev.visor.optvis.LayerRenderJob#renderBatch}), {@code top} and {@code dissect} (one task per shard of the
 * images, {@link dev.visor.top.TopJob} / {@link dev.visor.dissect.DissectJob#tally} with {@link dev.visor.job.Shard},
 * merged on the driver by {@link dev.visor.top.TopResult#merge} / {@link dev.visor.dissect.DissectResult#merge}).
 * The work units are visor-core's own, so a Spark run writes what one process writes. Each executor JVM loads a
 * model once ({@link dev.visor.spark.ExecutorModels}) with torch threads sized to its task slots
 * ({@link dev.visor.spark.TorchThreads}); outputs go to a folder every executor and the driver can reach.
 */
package dev.visor.spark;
