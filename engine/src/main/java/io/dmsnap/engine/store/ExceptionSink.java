package io.dmsnap.engine.store;

/** Receives the mappings a store replays in {@link ExceptionStore#readMetadata}. */
@FunctionalInterface
public interface ExceptionSink
{
    /** Add {@code oldChunk -> newChunk}; return false to abort the replay (out of memory). */
    boolean add(long oldChunk, long newChunk);
}
