/**
 * Dataset examples ({@code visor top}): {@link dev.visor.top.TopSettings} → {@link dev.visor.top.TopJob#run} →
 * {@link dev.visor.top.TopResult} → {@link dev.visor.top.TopWriter}, with {@link dev.visor.top.TopResult#merge} for
 * shards.
 */
package dev.visor.top;
