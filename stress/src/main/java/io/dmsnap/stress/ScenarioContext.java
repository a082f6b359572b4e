package io.dmsnap.stress;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.snap.Origins;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a scenario run gets: the engine configuration to run on, a seed, daemon threads for its
 * actors, bounded waits that turn a hang into a {@link HungException} (and that fail at once with
 * {@link ActorFailedException} when an actor dies meanwhile), stacks that are closed
 * after the run (unless the run hung: a hung stack is abandoned, its threads are daemons), and
 * a place to report figures.
 */
public final class ScenarioContext implements AutoCloseable
{
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** How often a bounded wait looks for a dead actor. */
    private static final long POLL_MILLIS = 5;

    private final EngineConfig config;
    private final long seed;
    private final long waitMillis;
    private final boolean full;
    private final SplittableRandom random;
    private final ExecutorService actors;
    private final List<StressStack> stacks = new ArrayList<>();
    private final List<String> figures = new ArrayList<>();
    private volatile boolean hung;
    /** The first exception an actor died of; set by the dying actor's thread, read by the waits. */
    private final AtomicReference<Throwable> actorFailure = new AtomicReference<>();

    public ScenarioContext(final EngineConfig config, final long seed, final long waitMillis)
    {
        this(config, seed, waitMillis, false);
    }

    /**
     * @param full run the full-size version of the scenario (the command line's default) rather
     *             than the brief one the build runs; see {@link #full()}
     */
    public ScenarioContext(final EngineConfig config, final long seed, final long waitMillis, final boolean full)
    {
        this.config = config;
        this.seed = seed;
        this.waitMillis = waitMillis;
        this.full = full;
        this.random = new SplittableRandom(seed);
        this.actors = Executors.newCachedThreadPool(r ->
        {
            final Thread t = new Thread(r, "stress-actor-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public EngineConfig config()
    {
        return config;
    }

    public long seed()
    {
        return seed;
    }

    public SplittableRandom random()
    {
        return random;
    }

    /** The bound every wait of this run uses, in milliseconds. */
    public long waitMillis()
    {
        return waitMillis;
    }

    /**
     * Whether the scenario runs at full size (e.g. 1e5 completions, 20 repetitions) instead of the
     * brief size the build's suite uses to stay within its time budget.
     */
    public boolean full()
    {
        return full;
    }

    /** A stack on this run's configuration, closed when the run ends. */
    public StressStack stack(final long sectors) throws DmException
    {
        return stack(sectors, config);
    }

    /**
     * A stack on {@code stackConfig} (this run's configuration with a scenario parameter changed,
     * e.g. the COW threshold), closed when the run ends.
     */
    public StressStack stack(final long sectors, final EngineConfig stackConfig) throws DmException
    {
        final StressStack s = new StressStack(stackConfig, sectors);
        synchronized (stacks)
        {
            stacks.add(s);
        }
        return s;
    }

    /** Run an actor on a daemon thread; if it dies, every bounded wait of the run fails at once. */
    public <T> CompletableFuture<T> actor(final Supplier<T> body)
    {
        final CompletableFuture<T> f = CompletableFuture.supplyAsync(body, actors);
        f.whenComplete((value, failure) -> noteFailure(failure));
        return f;
    }

    public CompletableFuture<Void> actor(final Runnable body)
    {
        final CompletableFuture<Void> f = CompletableFuture.runAsync(body, actors);
        f.whenComplete((value, failure) -> noteFailure(failure));
        return f;
    }

    private void noteFailure(final Throwable failure)
    {
        if (failure != null)
        {
            actorFailure.compareAndSet(null, failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure);
        }
    }

    /**
     * Wait for {@code f}; its own failure is rethrown, another actor's death throws
     * {@link ActorFailedException}, a wait past the bound {@link HungException} naming {@code what}.
     */
    public <T> T await(final Future<T> f, final String what) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true)
        {
            try
            {
                return f.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
            catch (final TimeoutException e)
            {
                failIfAnActorDied(what);
                if (System.nanoTime() > deadline)
                {
                    hung = true;
                    throw new HungException("no progress for " + waitMillis + " ms: " + what);
                }
            }
            catch (final ExecutionException e)
            {
                if (e.getCause() instanceof Exception)
                {
                    throw (Exception) e.getCause();
                }
                throw e;
            }
        }
    }

    public void await(final CountDownLatch latch, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (!latch.await(POLL_MILLIS, TimeUnit.MILLISECONDS))
        {
            failIfAnActorDied(what);
            if (System.nanoTime() > deadline)
            {
                hung = true;
                throw new HungException("no progress for " + waitMillis + " ms: " + what);
            }
        }
    }

    /** Poll {@code condition} every millisecond until it holds; past the bound, HungException. */
    public void awaitTrue(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (!condition.getAsBoolean())
        {
            failIfAnActorDied(what);
            if (System.nanoTime() > deadline)
            {
                hung = true;
                throw new HungException("no progress for " + waitMillis + " ms: " + what);
            }
            Thread.sleep(1);
        }
    }

    /**
     * A bounded observation window, not a wait for progress: watch {@code futures} for
     * {@code millis}, returning early when one of them completes. Scenarios use it to show that
     * something does NOT happen (an I/O released too early would complete inside the window); the
     * caller then checks which futures are done.
     */
    public void observe(final long millis, final Future<?>... futures) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline)
        {
            for (final Future<?> f : futures)
            {
                if (f.isDone())
                {
                    return;
                }
            }
            Thread.sleep(1);
        }
    }

    /** A wait for {@code what} cannot succeed on an actor's work that will never come. */
    private void failIfAnActorDied(final String what)
    {
        final Throwable failure = actorFailure.get();
        if (failure != null)
        {
            throw new ActorFailedException(what, failure);
        }
    }

    /** Record a figure for the report (e.g. "list/tree callback time ratio: 8.1"). */
    public void report(final String figure)
    {
        synchronized (figures)
        {
            figures.add(figure);
        }
    }

    public List<String> figures()
    {
        synchronized (figures)
        {
            return new ArrayList<>(figures);
        }
    }

    /** Engine state of every stack of this run (for hang reports). */
    public String engineState()
    {
        final StringBuilder sb = new StringBuilder();
        synchronized (stacks)
        {
            for (final StressStack s : stacks)
            {
                sb.append(Origins.of(s.dm).describeAll()).append("devices:\n").append(s.dm.describeDevices());
            }
        }
        return sb.toString();
    }

    /**
     * The first exception a copier callback of any of this run's stacks threw, or null: the engine
     * caught it to keep its copier alive, but a pending exception or a bio was left behind.
     */
    public Throwable engineFault()
    {
        synchronized (stacks)
        {
            for (final StressStack s : stacks)
            {
                final Throwable t = Origins.of(s.dm).firstCallbackFailure();
                if (t != null)
                {
                    return t;
                }
            }
        }
        return null;
    }

    boolean hung()
    {
        return hung;
    }

    void markHung()
    {
        hung = true;
    }

    /** Close the stacks (not after a hang: they may never drain) and stop idle actor threads. */
    @Override
    public void close()
    {
        if (!hung)
        {
            synchronized (stacks)
            {
                for (final StressStack s : stacks)
                {
                    s.close();
                }
            }
        }
        actors.shutdown();
    }

    /** For scenarios that build a DeviceMapper by hand. */
    public static Origins origins(final DeviceMapper dm)
    {
        return Origins.of(dm);
    }
}
