package io.dmsnap.stress.oracle;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioEndIo;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlockDevice;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks that every bio submitted through it completes exactly once: each submission gets its
 * own end_io wrapper that counts calls; a second call is recorded as a violation (with both
 * statuses), and {@link #incomplete()} lists submissions that never completed.
 *
 * <p>Thread safety: {@link #submit} from any thread; completions arrive on any thread. Allocates
 * per submission (a stress oracle, not a data path).
 */
public final class CompletionCounter
{
    private final List<Submission> submissions = new ArrayList<>();   // guarded by itself
    private final List<String> violations = new ArrayList<>();        // guarded by itself
    private final AtomicLong ids = new AtomicLong();

    /** One counted submission: its status future completes on the first end_io. */
    public final class Submission implements BioEndIo
    {
        private final long id;
        private final String what;
        private final AtomicInteger calls = new AtomicInteger();
        private volatile int firstStatus;
        public final CompletableFuture<Integer> status = new CompletableFuture<>();

        Submission(final long id, final String what)
        {
            this.id = id;
            this.what = what;
        }

        @Override
        public void endIo(final Bio bio, final int st)
        {
            // getAndIncrement is a full fence: exactly one caller sees 0 however many race.
            final int n = calls.getAndIncrement();
            if (n == 0)
            {
                firstStatus = st;
                status.complete(st);
            }
            else
            {
                synchronized (violations)
                {
                    violations.add("bio #" + id + " (" + what + ") completed " + (n + 1) + " times (statuses "
                        + firstStatus + ", " + st + ")");
                }
            }
        }

        public int calls()
        {
            return calls.get();
        }
    }

    /** Submit {@code op} of {@code buf} (its whole capacity) at {@code sector} to {@code dev}, counted. */
    public Submission submit(final BlockDevice dev, final BioOp op, final long sector, final ByteBuffer buf)
    {
        final Submission s = new Submission(ids.incrementAndGet(), op + " " + dev.name() + " @" + sector);
        synchronized (submissions)
        {
            submissions.add(s);
        }
        final Bio bio = new Bio().init(op, sector, buf.capacity() >>> Bio.SECTOR_SHIFT, buf, 0, s, s);
        bio.device(dev);
        dev.submit(bio);
        return s;
    }

    public long submitted()
    {
        synchronized (submissions)
        {
            return submissions.size();
        }
    }

    /** Bios that completed more than once (empty when the oracle holds). */
    public List<String> violations()
    {
        synchronized (violations)
        {
            return new ArrayList<>(violations);
        }
    }

    /** Submissions with no completion yet. */
    public List<String> incomplete()
    {
        final List<String> out = new ArrayList<>();
        synchronized (submissions)
        {
            for (final Submission s : submissions)
            {
                if (s.calls() == 0)
                {
                    out.add("bio #" + s.id + " (" + s.what + ") never completed");
                }
            }
        }
        return out;
    }
}
