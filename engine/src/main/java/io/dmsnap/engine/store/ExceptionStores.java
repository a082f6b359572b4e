package io.dmsnap.engine.store;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.dm.DmLog;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store type registry ({@code dm_exception_store_type_register}) and the common part of store
 * construction ({@code dm_exception_store_create}, {@code set_chunk_size}): pick the type from the
 * first letter of the store argument, validate the chunk size, pass the remaining characters on
 * as options.
 */
public final class ExceptionStores
{
    /** Largest legal chunk size in sectors: INT_MAX >> 9. */
    public static final long MAX_CHUNK_SECTORS = Integer.MAX_VALUE >> Bio.SECTOR_SHIFT;

    private static final Map<String, ExceptionStoreType> TYPES = new ConcurrentHashMap<>();

    static
    {
        register(TransientStore.TYPE);
        register(PersistentStore.TYPE);
    }

    private ExceptionStores()
    {
    }

    /** Register a type under its name and alias; a duplicate name is refused. */
    public static void register(final ExceptionStoreType type)
    {
        final String name = type.name().toLowerCase(Locale.ROOT);
        final String alias = type.alias().toLowerCase(Locale.ROOT);
        if (TYPES.putIfAbsent(name, type) != null)
        {
            throw new IllegalStateException("exception store type " + type.name() + " already registered");
        }
        TYPES.put(alias, type);
    }

    /** The type registered under {@code name} or its alias, or null. */
    public static ExceptionStoreType type(final String name)
    {
        return TYPES.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Create a store from the table arguments {@code <store> <chunk_size>}. Any failure throws a
     * {@link StoreException} carrying the kernel's detail string (also logged).
     */
    public static ExceptionStore create(final String storeArg, final String chunkSizeArg, final BlockDevice cow,
                                        final BlockDevice origin, final DmLog log) throws StoreException
    {
        final char letter = storeArg.isEmpty() ? '\0' : Character.toUpperCase(storeArg.charAt(0));
        final ExceptionStoreType type;
        if (letter == 'P')
        {
            type = type("P");
        }
        else if (letter == 'N')
        {
            type = type("N");
        }
        else
        {
            throw logged(log, "Exception store type is not P or N");
        }
        if (type == null)
        {
            throw logged(log, "Exception store type '" + letter + "' is not registered");
        }
        final long chunk = parseChunkSize(chunkSizeArg, log);
        validateChunkSize(chunk, cow, origin, log);
        return type.create(new StoreArgs(cow, origin, (int) chunk, storeArg.substring(1), log));
    }

    private static long parseChunkSize(final String arg, final DmLog log) throws StoreException
    {
        try
        {
            final long v = Long.parseUnsignedLong(arg);
            if (v < 0 || v > 0xFFFF_FFFFL)
            {
                throw new NumberFormatException();
            }
            return v;
        }
        catch (final NumberFormatException e)
        {
            throw logged(log, "Invalid chunk size");
        }
    }

    /**
     * The three chunk-size rules ({@code dm_exception_store_set_chunk_size}); 0 passes (not known yet). Also used for a chunk size
     * read from disk.
     */
    public static void validateChunkSize(final long chunk, final BlockDevice cow, final BlockDevice origin,
                                         final DmLog log) throws StoreException
    {
        if (chunk == 0)
        {
            return;
        }
        if (Long.bitCount(chunk) != 1)
        {
            throw logged(log, "Chunk size is not a power of 2");
        }
        final long cowBlock = cow.logicalBlockSize() >> Bio.SECTOR_SHIFT;
        final long originBlock = origin.logicalBlockSize() >> Bio.SECTOR_SHIFT;
        if (chunk % cowBlock != 0 || chunk % originBlock != 0)
        {
            throw logged(log, "Chunk size is not a multiple of device blocksize");
        }
        if (chunk > MAX_CHUNK_SECTORS)
        {
            throw logged(log, "Chunk size is too high");
        }
    }

    private static StoreException logged(final DmLog log, final String message)
    {
        log.err("snapshots: " + message);
        return new StoreException(message);
    }
}
