package io.dmsnap.stress.oracle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the origin and every snapshot must contain at every moment, per {@link BlockPattern}
 * block: the origin holds the latest acknowledged write of each block; a snapshot holds the
 * origin content at its creation plus its own acknowledged writes.
 *
 * <p>Expectations are packed (version, writer) pairs ({@link PatternOracle#expect}). A write that
 * is in flight when a snapshot is created may or may not be in the snapshot: the snapshot then
 * accepts either value for that block until a read pins the one it really holds
 * ({@link Image#observed}).
 *
 * <p>Threads: concurrent writers own disjoint blocks (one writer per block, on every image), so
 * the begin/end/accepted calls of one block come from one thread. Creating and dropping
 * snapshots come from a control thread. All image state is guarded by the model's monitor, which
 * also gives the control thread a consistent view of every block's acknowledged and in-flight
 * value while it copies the origin.
 */
public final class ShadowModel
{
    /** "No value" in the alternate and in-flight arrays; no real expectation is negative. */
    public static final long NONE = -1;

    private final long blocks;
    private final Image origin;
    private final Map<String, Image> snapshots = new ConcurrentHashMap<>();

    /** A model whose origin holds version 0, writer 0 in every block (see {@link PatternOracle#stampInitial}). */
    public ShadowModel(final long blocks)
    {
        this.blocks = blocks;
        this.origin = new Image("origin", blocks);
    }

    public long blocks()
    {
        return blocks;
    }

    public Image origin()
    {
        return origin;
    }

    /** The image of snapshot {@code name}, or null when no such snapshot is modelled. */
    public Image snapshot(final String name)
    {
        return snapshots.get(name);
    }

    /**
     * Model a snapshot taken now. Call while the origin is suspended (no origin write can reach
     * the device between the suspend and this call): every acknowledged origin value is in the
     * snapshot, and a write still in flight in the model (issued, not yet acknowledged to its
     * writer) may be either way, so both values are accepted.
     */
    public Image createSnapshot(final String name)
    {
        synchronized (this)
        {
            final Image s = new Image(name, blocks);
            System.arraycopy(origin.acked, 0, s.acked, 0, (int) blocks);
            for (int b = 0; b < blocks; b++)
            {
                s.alternate[b] = origin.inFlight[b] != NONE ? origin.inFlight[b] : origin.alternate[b];
            }
            snapshots.put(name, s);
            return s;
        }
    }

    /** Stop modelling snapshot {@code name} (removed). */
    public void dropSnapshot(final String name)
    {
        snapshots.remove(name);
    }

    /** The modelled content of one device. */
    public final class Image
    {
        private final String name;
        private final long[] acked;
        private final long[] alternate;
        private final long[] inFlight;

        Image(final String name, final long blocks)
        {
            this.name = name;
            this.acked = new long[(int) blocks];
            this.alternate = new long[(int) blocks];
            this.inFlight = new long[(int) blocks];
            Arrays.fill(alternate, NONE);
            Arrays.fill(inFlight, NONE);
        }

        public String name()
        {
            return name;
        }

        /** A write of {@code value} to {@code block} is about to be issued (before submission). */
        public void beginWrite(final long block, final long value)
        {
            synchronized (ShadowModel.this)
            {
                inFlight[(int) block] = value;
            }
        }

        /**
         * The write begun with {@link #beginWrite} completed: with {@code ok} its value is the block's
         * content from now on; a failed write leaves either value possible.
         */
        public void endWrite(final long block, final boolean ok)
        {
            synchronized (ShadowModel.this)
            {
                final int b = (int) block;
                if (ok)
                {
                    acked[b] = inFlight[b];
                    alternate[b] = NONE;
                }
                else
                {
                    alternate[b] = inFlight[b];
                }
                inFlight[b] = NONE;
            }
        }

        /** The values a read of {@code block} may return now (one, or two while ambiguous). */
        public long[] accepted(final long block)
        {
            synchronized (ShadowModel.this)
            {
                final int b = (int) block;
                final List<Long> v = new ArrayList<>(3);
                v.add(acked[b]);
                if (alternate[b] != NONE)
                {
                    v.add(alternate[b]);
                }
                if (inFlight[b] != NONE)
                {
                    v.add(inFlight[b]);
                }
                final long[] out = new long[v.size()];
                for (int i = 0; i < out.length; i++)
                {
                    out[i] = v.get(i);
                }
                return out;
            }
        }

        /** A read found {@code value} in {@code block} (one of {@link #accepted}): it is the content from now on. */
        public void observed(final long block, final long value)
        {
            synchronized (ShadowModel.this)
            {
                final int b = (int) block;
                if (inFlight[b] == NONE)
                {
                    acked[b] = value;
                    alternate[b] = NONE;
                }
            }
        }

        /** The single value of {@code block}, or {@link #NONE} while it is ambiguous. */
        public long exact(final long block)
        {
            synchronized (ShadowModel.this)
            {
                final int b = (int) block;
                return alternate[b] == NONE && inFlight[b] == NONE ? acked[b] : NONE;
            }
        }
    }
}
