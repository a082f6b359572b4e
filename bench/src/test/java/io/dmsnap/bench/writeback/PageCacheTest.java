package io.dmsnap.bench.writeback;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page cache's accounting, driven by hand: limit, background threshold, runs, sync. */
@Timeout(30)
final class PageCacheTest
{
    private static final long PAGE = PageCache.PAGE_BYTES;

    private static PageCache cache(final long pages, final long splitPages, final long limitPages, final long backgroundPages)
    {
        return new PageCache(pages * PAGE, splitPages * PAGE, limitPages * PAGE, backgroundPages * PAGE, System::nanoTime);
    }

    /** Every run the cache hands out until the sync is done, as {first, pages}. */
    private static List<long[]> drain(final PageCache cache) throws InterruptedException
    {
        cache.sync();
        final List<long[]> runs = new ArrayList<>();
        long run;
        while ((run = cache.takeRun()) != PageCache.END)
        {
            runs.add(new long[] {PageCache.runFirstPage(run), PageCache.runPages(run)});
        }
        return runs;
    }

    @Test
    void runsAreCutAtEverySplitBoundary() throws Exception
    {
        final PageCache cache = cache(64, 4, 64, 32);   // 16 KiB chunks
        cache.dirty(1, 9);
        final List<long[]> runs = drain(cache);
        assertEquals(List.of("1+3", "4+4", "8+2"), runs.stream().map(r -> r[0] + "+" + r[1]).toList());
        assertEquals(9, cache.counters().writebackPages());
        assertEquals(0, cache.counters().dirtyPages());
    }

    @Test
    void aRunHoldsAtMostOneBiosWorthOfPages() throws Exception
    {
        final PageCache cache = cache(1024, 1024, 1024, 512);   // a 4 MiB split unit: only BIO_MAX_VECS cuts
        cache.dirty(0, 300);
        final List<long[]> runs = drain(cache);
        assertEquals(2, runs.size());
        assertEquals(PageCache.MAX_RUN_PAGES, runs.get(0)[1]);
        assertEquals(300 - PageCache.MAX_RUN_PAGES, runs.get(1)[1]);
    }

    @Test
    void pagesPerChunkAtFourKibAreOneRunEach() throws Exception
    {
        final PageCache cache = cache(16, 1, 16, 8);
        cache.dirty(3, 4);
        assertEquals(List.of("3+1", "4+1", "5+1", "6+1"), drain(cache).stream().map(r -> r[0] + "+" + r[1]).toList());
    }

    @Test
    void theFlusherTakesDirtyPagesInOffsetOrderFromWhereItStopped() throws Exception
    {
        final PageCache cache = cache(256, 1, 256, 0);   // background 0: any dirty page is written back
        cache.dirty(100, 1);
        assertEquals(100, PageCache.runFirstPage(cache.takeRun()));
        cache.dirty(50, 1);
        cache.dirty(150, 1);
        assertEquals(150, PageCache.runFirstPage(cache.takeRun()), "on from page 101, not back to 0");
        assertEquals(50, PageCache.runFirstPage(cache.takeRun()), "then round to the start");
    }

    @Test
    void theWriterIsHeldAtTheDirtyLimitUntilWritesComplete() throws Exception
    {
        final PageCache cache = cache(1024, 1, 64, 32);
        cache.dirty(0, 64);                              // exactly the limit: not held
        assertEquals(0, cache.counters().writerHolds());
        final CompletableFuture<Void> writer = CompletableFuture.runAsync(() ->
        {
            try
            {
                cache.dirty(100, 8);
            }
            catch (final InterruptedException e)
            {
                throw new IllegalStateException(e);
            }
        });
        // The flusher writes back because the writer is held (and 64 > 32 are dirty); nothing completes yet.
        final List<Long> taken = new ArrayList<>();
        while (cache.counters().writerHolds() == 0 || taken.size() < 64)
        {
            taken.add(cache.takeRun());
        }
        assertFalse(writer.isDone(), "64 pages under writeback still count against the limit");
        assertEquals(64, cache.counters().writebackPages());
        assertEquals(64, cache.counters().peakCountedPages());
        for (int i = 0; i < 8; i++)
        {
            cache.written(PageCache.runPages(taken.get(i)));
        }
        writer.get(10, TimeUnit.SECONDS);
        final PageCache.Counters c = cache.counters();
        assertEquals(64, c.peakCountedPages(), "dirty plus writeback never exceeded the limit");
        assertEquals(56 + 8, c.dirtyPages() + c.writebackPages());
        assertEquals(1, c.writerHolds());
    }

    @Test
    void belowTheBackgroundThresholdNothingIsWrittenUntilASync() throws Exception
    {
        final PageCache cache = cache(1024, 1, 64, 32);
        cache.dirty(0, 32);
        final CompletableFuture<Long> flusher = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return cache.takeRun();
            }
            catch (final InterruptedException e)
            {
                throw new IllegalStateException(e);
            }
        });
        assertThrows(java.util.concurrent.TimeoutException.class, () -> flusher.get(200, TimeUnit.MILLISECONDS),
            "32 dirty pages are not above the background threshold of 32");
        cache.dirty(32, 1);
        assertEquals(0, PageCache.runFirstPage(flusher.get(10, TimeUnit.SECONDS)), "33 are");
    }

    @Test
    void aPageDirtiedAgainUnderWritebackCountsTwiceAndIsWrittenAgain() throws Exception
    {
        final PageCache cache = cache(16, 1, 16, 0);
        cache.dirty(5, 1);
        final long first = cache.takeRun();
        cache.dirty(5, 1);
        assertEquals(2, cache.counters().dirtyPages() + cache.counters().writebackPages());
        cache.written(PageCache.runPages(first));
        assertEquals(List.of("5+1"), drain(cache).stream().map(r -> r[0] + "+" + r[1]).toList());
        assertEquals(2, cache.counters().pagesSubmitted());
    }

    @Test
    void syncWaitsForTheLastCompletion() throws Exception
    {
        final PageCache cache = cache(16, 1, 16, 8);
        cache.dirty(0, 2);
        final List<long[]> runs = drain(cache);
        assertFalse(cache.awaitClean(TimeUnit.MILLISECONDS.toNanos(50)), "two pages are still under writeback");
        for (final long[] r : runs)
        {
            cache.written((int) r[1]);
        }
        assertTrue(cache.awaitClean(TimeUnit.SECONDS.toNanos(1)));
        assertEquals(2, cache.counters().pagesWritten());
    }

    @Test
    void anAbortReleasesTheWriterWithTheReason() throws Exception
    {
        final PageCache cache = cache(1024, 1, 8, 4);
        cache.dirty(0, 8);
        final CompletableFuture<Void> writer = CompletableFuture.runAsync(() ->
        {
            try
            {
                cache.dirty(8, 1);
            }
            catch (final InterruptedException e)
            {
                throw new IllegalStateException(e);
            }
        });
        while (cache.counters().writerHolds() == 0)
        {
            Thread.onSpinWait();
        }
        cache.abort("write of 1 pages at sector 0 failed");
        final Exception e = assertThrows(java.util.concurrent.ExecutionException.class, () -> writer.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("failed"), e.getCause().getMessage());
        assertEquals(PageCache.END, cache.takeRun());
    }

    @Test
    void badGeometryIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> cache(16, 3, 16, 8), "a split unit is a power of two");
        assertThrows(IllegalArgumentException.class, () -> cache(16, 1, 1, 0), "the limit is at least 2 pages");
        assertThrows(IllegalArgumentException.class, () -> cache(16, 1, 8, 8), "background below the limit");
        final PageCache cache = cache(16, 1, 16, 8);
        assertThrows(IllegalArgumentException.class, () -> cache.dirty(10, 7), "pages beyond the device");
    }
}
