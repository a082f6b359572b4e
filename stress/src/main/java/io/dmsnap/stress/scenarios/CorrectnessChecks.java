package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The oracle bookkeeping of the correctness scenarios: a scenario states every expectation it
 * checks, the failed ones are collected (so one run reports all it found, not only the first),
 * and {@link #verdict} turns them into VIOLATED or PASS. Plus small readers the oracles share
 * (header valid field, record counts, copier threads). One instance per run, used by the
 * scenario's own thread only.
 */
final class CorrectnessChecks
{
    private final List<String> violations = new ArrayList<>();
    private final List<String> held = new ArrayList<>();

    /** Record a violation unless {@code condition} holds; {@code what} names the invariant. */
    void expect(final boolean condition, final String what)
    {
        if (condition)
        {
            held.add(what);
        }
        else
        {
            violations.add(what);
        }
    }

    /** As {@link #expect(boolean, String)}, with the message built only on failure. */
    void expect(final boolean condition, final Supplier<String> what)
    {
        if (condition)
        {
            held.add("");
        }
        else
        {
            violations.add(what.get());
        }
    }

    /** {@code got} must equal {@code want}. */
    void equal(final Object want, final Object got, final String what)
    {
        if (Objects.equals(want, got))
        {
            held.add(what);
        }
        else
        {
            violations.add(what + ": expected " + want + ", got " + got);
        }
    }

    /** {@code got} must be the block {@code want}; the message decodes both patterns. */
    void sameBlock(final byte[] want, final byte[] got, final String what)
    {
        if (got != null && Arrays.equals(want, got))
        {
            held.add(what);
        }
        else
        {
            violations.add(what + ": expected " + BlockPattern.describe(want) + ", got "
                + BlockPattern.describe(got));
        }
    }

    boolean ok()
    {
        return violations.isEmpty();
    }

    /** VIOLATED listing every failed expectation, else PASS with {@code passDetail}. */
    Verdict verdict(final String passDetail)
    {
        if (!violations.isEmpty())
        {
            return Verdict.violated(String.join("; ", violations));
        }
        return Verdict.pass(passDetail + " (" + held.size() + " checks held)");
    }

    /** The persistent header's valid field (little-endian int at byte 4 of chunk 0). */
    static int headerValid(final MemoryDevice cow)
    {
        return ByteBuffer.wrap(cow.readBytes(0, 1)).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
    }

    /** Chunks remapped for {@code oldChunk} in the complete table (a run counts for each chunk it covers); snapshot idle. */
    static int recordsFor(final Snapshot s, final long oldChunk)
    {
        final int[] n = new int[1];
        s.forEachRecord((o, nw, extra) ->
        {
            if (oldChunk >= o && oldChunk <= o + extra)
            {
                n[0]++;
            }
        });
        return n[0];
    }

    /** Chunks remapped in total (a run counts for each chunk it covers); snapshot idle. */
    static int remappedChunks(final Snapshot s)
    {
        final int[] n = new int[1];
        s.forEachRecord((o, nw, extra) -> n[0] += extra + 1);
        return n[0];
    }

    /** Live copier threads of the mapped device {@code device} (the copier names its thread kcopyd/<device>). */
    static int copierThreads(final String device)
    {
        final String name = "kcopyd/" + device;
        int n = 0;
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if (t.isAlive() && t.getName().equals(name))
            {
                n++;
            }
        }
        return n;
    }
}
