package io.dmsnap.cli.merge;

import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.InputFileKind;
import io.dmsnap.engine.block.FileDevice;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.store.CowReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code dmsnap merge ORIGIN_IMAGE COW_IMAGE}: merge a persistent snapshot's COW image (the kernel's
 * on-disk format) back into its origin image, offline, the way {@code lvconvert --merge} does:
 * through the engine's {@code snapshot-merge} target over the two files. Afterwards the origin
 * holds the snapshot's data and the COW lists no exception. Progress and an ETA go to stderr, a
 * summary to stdout.
 *
 * <p>{@code --make-test-image SIZE} instead writes a fresh pair of images through the engine (an
 * origin of SIZE and a COW with {@code --exceptions} percent of its chunks), to try the command or
 * measure it.
 *
 * <p>Exit codes: 0 merged; 1 the merge failed (an I/O error: status "Merge failed"); 2 bad input
 * (a missing or unreadable file, not a COW image, an invalidated snapshot, a chunk size that
 * differs from the header, a COW whose exceptions lie past the origin's end).
 */
@Command(name = "merge",
    description = "Merge a persistent COW image into its origin image offline (as lvconvert --merge), "
        + "through the snapshot-merge target; --make-test-image writes a pair of images to try it.",
    footer = {"", "Example:",
        "  dmsnap merge --make-test-image 1g --exceptions 50 origin.img cow.img",
        "  dmsnap merge origin.img cow.img",
        "  dmsnap inspect cow.img     # no exceptions left"})
public final class MergeCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ORIGIN_IMAGE", description = "The origin image file (written).")
    private Path originPath;

    @Parameters(index = "1", paramLabel = "COW_IMAGE", description = "The persistent COW image file (emptied).")
    private Path cowPath;

    @Option(names = "--chunk-size", paramLabel = "N",
        description = "Expected chunk size in sectors; refused when the COW header says otherwise. "
            + "With --make-test-image: the chunk size to write (default: 8).")
    private Integer chunkSize;

    @Option(names = "--make-test-image", paramLabel = "SIZE",
        description = "Instead of merging, create ORIGIN_IMAGE of SIZE (bytes, or with a k/m/g suffix) and a COW_IMAGE "
            + "with --exceptions percent of its chunks as exceptions, through the engine.")
    private String makeTestImage;

    @Option(names = "--exceptions", paramLabel = "PERCENT", defaultValue = "50",
        description = "With --make-test-image: share of the origin's chunks that become exceptions, 0..100 (default: 50).")
    private int exceptionsPercent;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
        description = "With --make-test-image: the seed choosing the chunks (default: 1).")
    private long seed;

    @Override
    public Integer call() throws Exception
    {
        if (makeTestImage != null)
        {
            return makeImages();
        }
        if (chunkSize != null && (chunkSize <= 0 || Integer.bitCount(chunkSize) != 1))
        {
            throw new IllegalArgumentException("--chunk-size must be a power of two number of sectors, got " + chunkSize);
        }
        requireFile(originPath, "origin image");
        requireFile(cowPath, "COW image");
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final FileDevice origin = OfflineMerge.open("origin-image", originPath);
        try
        {
            final FileDevice cow = OfflineMerge.open("cow-image", cowPath);
            try
            {
                final CowReport report = OfflineMerge.check(originPath, origin, cowPath, cow, chunkSize);
                final MergeProgressLine progress = new MergeProgressLine(err);
                final OfflineMerge.Result r = OfflineMerge.run(origin, cow, report, progress);
                progress.finish();
                if (r.failed())
                {
                    err.println("dmsnap: merge failed after " + r.chunks() + " chunks (an I/O error on " + originPath
                        + " or " + cowPath + "); the images stay consistent and the merge can be run again");
                    err.flush();
                    return ExitCodes.FAILED;
                }
                final double seconds = r.nanos() / 1e9;
                out.printf(Locale.ROOT, "merged %d chunks (%.1f MiB in %d runs) of %s into %s in %.2f s (%.1f MB/s); "
                        + "the COW holds no exceptions%n", r.chunks(), r.bytes() / 1048576.0, r.runs(), cowPath,
                    originPath, seconds, seconds > 0 ? r.bytes() / 1e6 / seconds : 0.0);
                out.flush();
                return ExitCodes.OK;
            }
            finally
            {
                cow.close();
            }
        }
        finally
        {
            origin.close();
        }
    }

    private int makeImages() throws IOException, DmException
    {
        final long bytes = parseSize(makeTestImage);
        final int cs = chunkSize == null ? 8 : chunkSize;
        if (cs <= 0 || Integer.bitCount(cs) != 1 || cs > 1 << 21)
        {
            throw new IllegalArgumentException("--chunk-size must be a power of two from 1 to 2097152 sectors, got " + cs);
        }
        if (exceptionsPercent < 0 || exceptionsPercent > 100)
        {
            throw new IllegalArgumentException("--exceptions must be a percentage from 0 to 100, got " + exceptionsPercent);
        }
        if (bytes < cs * 512L)
        {
            throw new IllegalArgumentException("--make-test-image " + makeTestImage + " is smaller than one chunk ("
                + cs * 512 + " bytes)");
        }
        final long start = System.nanoTime();
        final long written = TestImages.write(originPath, cowPath, bytes, cs, exceptionsPercent, seed);
        final PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %s (%d bytes) and %s with %d exceptions of %d sectors in %.1f s%n", originPath,
            bytes / (cs * 512L) * cs * 512L, cowPath, written, cs, (System.nanoTime() - start) / 1e9);
        out.flush();
        return ExitCodes.OK;
    }

    private static void requireFile(final Path path, final String what)
    {
        if (!Files.exists(path))
        {
            throw new IllegalArgumentException(what + " " + path + ": no such file or device");
        }
        final String refusal = InputFileKind.refusal(path);
        if (refusal != null)
        {
            throw new IllegalArgumentException(what + " " + path + " is " + InputFileKind.message(refusal));
        }
    }

    /** Bytes, or with a k, m or g suffix (powers of 1024). */
    static long parseSize(final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        final int shift = t.endsWith("k") ? 10 : t.endsWith("m") ? 20 : t.endsWith("g") ? 30 : 0;
        final String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        try
        {
            final long value = Long.parseLong(digits);
            if (value <= 0 || value > (Long.MAX_VALUE >> shift))
            {
                throw new NumberFormatException();
            }
            return value << shift;
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("--make-test-image '" + text + "' is not a size: a positive number of "
                + "bytes, or with a k, m or g suffix (e.g. 1g)");
        }
    }
}
