package io.dmsnap.stress.scenarios;

import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.crash.CrashReplay;

/**
 * S01, commit 230c83af: COW space leaked after a crash because commits followed copy completion order.
 *
 * <p>Bug: the persistent store wrote exceptions to its metadata area in the order their copies
 * finished. When later allocations finish first, a full area can list them while earlier
 * allocations wait for the next area write; a crash between the two area writes leaves chunks
 * below {@code next_free} that nothing references.
 *
 * <p>Trigger: {@link CrashReplay#runReverseCompletion}: P store, chunk size 8 (256 exceptions per
 * area); fill area 0 until 5 slots remain, start 10 COWs whose origin reads are held, release them
 * in reverse allocation order. Every write to the COW is logged; the replay then rebuilds the COW
 * as a crash right after each ordering point (flush or FUA write) would leave it, plus random crash
 * states with unflushed writes lost or reordered, and reloads the store on each.
 *
 * <p>Oracle: every crash state reloads as a valid store, every replayed exception holds the data
 * it must, every acknowledged origin write's exception is on disk, and no chunk is leaked (the
 * independent COW inspector finds no unreferenced chunk below {@code next_free}).
 *
 * <p>Negative control: preset v3.12 (commitOrder=AS_COMPLETED) leaks the 5 chunks.
 */
public final class S01CrashLeak implements ScenarioBody
{
    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final CrashReplay replay = CrashReplay.runReverseCompletion(ctx.config());
        replay.checkEveryOrderingPoint();
        replay.checkRandomCrashStates(ctx.seed(), ctx.full() ? 2000 : 200);
        ctx.report(replay.summary());
        if (!replay.violations.isEmpty())
        {
            return Verdict.violated(replay.violations.size() + " violations, first: " + replay.violations.get(0)
                + "; " + replay.summary());
        }
        if (replay.leakedChunks != 0)
        {
            return Verdict.violated("COW chunks leaked: up to " + replay.maxLeakInOneState + " in one crash state; "
                + replay.summary() + "; first: " + replay.formatViolations.get(0));
        }
        return Verdict.pass(null);
    }
}
