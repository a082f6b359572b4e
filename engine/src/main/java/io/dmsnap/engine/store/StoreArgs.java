package io.dmsnap.engine.store;

import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.dm.DmLog;

/**
 * What a store constructor gets: the snapshot's devices, the chunk size from the table line
 * (already checked by {@link ExceptionStores#validateChunkSize}; 0 = not known yet), the option
 * characters after the type letter, and the log for detail messages.
 */
public record StoreArgs(BlockDevice cow, BlockDevice origin, int chunkSize, String options, DmLog log)
{
}
