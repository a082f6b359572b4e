package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.CopyCompletion;
import io.dmsnap.engine.copy.Copier;
import io.dmsnap.engine.copy.Kcopyd;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.DmTarget;
import io.dmsnap.engine.exception.CompleteTable;
import io.dmsnap.engine.exception.ExceptionTables;
import io.dmsnap.engine.exception.PendingTable;
import io.dmsnap.engine.exception.TableSizing;
import io.dmsnap.engine.store.ExceptionStore;
import io.dmsnap.engine.store.ExceptionStores;
import io.dmsnap.engine.store.StoreException;

/**
 * {@code snapshot_ctr}: the constructor steps, in the kernel's order, each with its
 * error string. Everything built so far is released again when a later step fails, so a failed
 * constructor leaves nothing registered and nothing allocated.
 */
final class SnapshotConstructor
{
    final Origins origins;
    final DmTarget ti;
    final EngineConfig config;
    /** The module's live parameters: the COW threshold, and the copier's sub-job size, throttle and account. */
    final SnapshotParameters parameters;
    final boolean isMergeTarget;

    SnapshotFeatures features;
    BlockDevice origin;
    BlockDevice cow;
    ExceptionStore store;
    CompleteTable complete;
    PendingTable pending;
    Copier copier;

    SnapshotConstructor(final Origins origins, final DmTarget ti, final boolean isMergeTarget)
    {
        this.origins = origins;
        this.ti = ti;
        this.config = origins.dm.config();
        this.parameters = SnapshotParameters.of(origins.dm);
        this.isMergeTarget = isMergeTarget;
    }

    Snapshot construct(final String[] args) throws DmException
    {
        // 1. argument count (4 or more since 2e602385)
        if (args.length < 4)
        {
            throw error("requires 4 or more arguments");
        }
        // 3. features, before any device is opened
        features = SnapshotFeatures.parse(args, 4);
        // 4., 5. devices
        try
        {
            origin = ti.getDevice(args[0]);
        }
        catch (final DmException e)
        {
            throw error("Cannot get origin device");
        }
        try
        {
            cow = ti.getDevice(args[1]);
        }
        catch (final DmException e)
        {
            throw error("Cannot get COW device");
        }
        // 6. origin == COW (4df2bf46, 26110d5a: compare the opened devices)
        if (origin == cow)
        {
            throw error("COW device cannot be the same as origin device");
        }
        Snapshot s = null;
        boolean registered = false;
        try
        {
            // 7. exception store: every failure is reported the same way; the detail is in the log
            try
            {
                store = ExceptionStores.create(args[2], args[3], cow, origin, origins.log);
            }
            catch (final StoreException e)
            {
                throw error("Couldn't create exception store");
            }
            if (isMergeTarget && !store.supportsMerge())
            {
                throw error("Snapshot exception store does not support snapshot-merge.");
            }
            // 9. hash tables, sized with the chunk size from the table line (0 -> shift 0)
            try
            {
                final int shift = store.geometry().shift();
                final int completeBuckets = TableSizing.completeBuckets(cow.sizeSectors(), origin.sizeSectors(), shift,
                    config.hashSizing(), config.maxBuckets());
                complete = ExceptionTables.complete(config.tables(), completeBuckets);
                pending = ExceptionTables.pending(config.tables(), TableSizing.pendingBuckets(completeBuckets));
            }
            catch (final OutOfMemoryError e)
            {
                throw error("Unable to allocate hash table space");
            }
            // 10. copier client (kcopyd_subjob_size_kb is read now) and pending exception pool (in the
            // Snapshot constructor, which also sizes a SEMAPHORE throttle from cow_threshold now)
            // (copyCompletion=SUBMITTER_WHEN_IDLE: submitters may take its role; read here and in Snapshot)
            final String owner = ti.mappedDevice() == null ? "snapshot" : ti.mappedDevice().name();
            final Kcopyd kcopyd = new Kcopyd(owner, parameters.copierConfig()
                .withRunToCompletion(config.copyCompletion() == CopyCompletion.SUBMITTER_WHEN_IDLE));
            kcopyd.onCallbackFailure(e -> origins.recordCallbackFailure(owner, e));
            copier = kcopyd;
            s = new Snapshot(this);
            // 11. flush and discard bios
            ti.numFlushBios(1);
            ti.numDiscardBios(features.discardPassdownOrigin() ? 2 : features.discardZeroesCow() ? 1 : 0);
            // 12. register with the origin and validate handover
            final boolean handoverDest;
            try
            {
                handoverDest = origins.register(s);
            }
            catch (final DmException e)
            {
                throw error(e.getMessage());
            }
            registered = true;
            // 13. a handover destination reads no metadata: the source's store comes at resume
            if (handoverDest)
            {
                store.chunkSize(0);
                return s;
            }
            // 14. metadata
            final Snapshot target = s;
            final int r = store.readMetadata((o, n) -> target.complete.insert(o, n));
            if (r < 0)
            {
                throw error("Failed to read snapshot metadata");
            }
            if (r > 0)
            {
                s.valid = false;
                origins.log.warn("snapshots: Snapshot is marked invalid.");
            }
            // 15. chunk size still unknown (N with 0)
            if (store.chunkSize() == 0)
            {
                throw error("Chunk size not set");
            }
            // 16. no bio may cross a chunk
            ti.maxIoLen(store.chunkSize());
            return s;
        }
        catch (final DmException e)
        {
            if (registered)
            {
                origins.unregister(s);
            }
            if (s != null)
            {
                s.throttle.close();
            }
            release();
            throw e;
        }
    }

    private void release()
    {
        if (copier != null)
        {
            copier.close();
        }
        if (complete != null)
        {
            complete.close();
        }
        if (pending != null)
        {
            pending.close();
        }
        if (store != null)
        {
            store.close();
        }
    }

    private DmException error(final String message)
    {
        origins.log.err((isMergeTarget ? "snapshot-merge: " : "snapshots: ") + message);
        return new DmException(message);
    }
}
