package io.dmsnap.cli.inspect;

import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.InputFileKind;
import io.dmsnap.cli.common.IoReason;
import io.dmsnap.cli.common.Json;
import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.FileDevice;
import io.dmsnap.engine.store.CowInspector;
import io.dmsnap.engine.store.CowReport;
import io.dmsnap.engine.store.InspectException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code dmsnap inspect COW}: read a persistent-store COW device or image file (read-only) and
 * print its header, metadata areas, exceptions with consecutive runs folded, and the usage the
 * kernel's status line would show; with {@code --verify}, check the invariants and fail naming
 * each violation. The dm-snapshot counterpart of {@code thin_dump}/{@code thin_check}.
 *
 * <p>Exit codes: 0 image read (and, with --verify, healthy); 1 invariant violated (an invalidated
 * header included); 2 the input is not a readable COW (missing, not a regular file or block
 * device, not a snapshot, truncated header, bad chunk size). A FIFO, directory, character device
 * or socket is refused before it is opened: opening a FIFO would block.
 */
@Command(name = "inspect",
    description = "Show the header, areas and exceptions of a persistent COW device or image; --verify checks it.")
public final class InspectCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "COW", description = "COW device or image file.")
    private Path cow;

    @Option(names = "--chunk-size", paramLabel = "N",
        description = "Chunk size to use instead of the header's: sectors, or bytes with a k/m suffix (e.g. 8 or 4k).")
    private String chunkSize;

    @Option(names = "--json", description = "Print the report as JSON.")
    private boolean json;

    @Option(names = "--verify", description = "Check the invariants; exit 1 naming every violation.")
    private boolean verify;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Integer override = chunkSize == null ? null : parseChunkSize(chunkSize);
        if (!Files.exists(cow))
        {
            err.println("dmsnap: inspect: " + cow + ": no such file or device");
            return ExitCodes.USAGE;
        }
        final String refusal = InputFileKind.refusal(cow);
        if (refusal != null)
        {
            err.println("dmsnap: inspect: " + cow + " is " + InputFileKind.message(refusal));
            return ExitCodes.USAGE;
        }
        final CowReport report;
        FileDevice dev = null;
        try
        {
            dev = FileDevice.openReadOnly(cow.getFileName().toString(), cow);
            report = CowInspector.inspect(dev, override);
        }
        catch (final NoSuchFileException e)
        {
            err.println("dmsnap: inspect: " + cow + ": no such file or device");
            return ExitCodes.USAGE;
        }
        catch (final IOException e)
        {
            err.println("dmsnap: inspect: " + cow + ": cannot open: " + IoReason.of(e));
            return ExitCodes.USAGE;
        }
        catch (final InspectException e)
        {
            err.println("dmsnap: inspect: " + cow + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        finally
        {
            if (dev != null)
            {
                dev.close();
            }
        }
        if (json)
        {
            Json.MAPPER.writeValue(out, CowReportJson.tree(report));
            out.println();
        }
        else
        {
            out.print(CowReportText.render(report));
        }
        out.flush();
        if (verify)
        {
            final List<String> violations = report.verify();
            if (!violations.isEmpty())
            {
                for (final String v : violations)
                {
                    err.println("dmsnap: inspect: violation: " + v);
                }
                err.flush();
                return ExitCodes.FAILED;
            }
        }
        return ExitCodes.OK;
    }

    /** The largest chunk whose size in bytes an int holds: 2^21 sectors, 1 GiB. */
    static final int MAX_CHUNK_SECTORS = Integer.highestOneBit(Integer.MAX_VALUE >> Bio.SECTOR_SHIFT);

    /** Sectors as a plain number, or bytes with a k/m suffix; must be a whole number of sectors. */
    static int parseChunkSize(final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        long value;
        try
        {
            if (t.endsWith("k") || t.endsWith("m"))
            {
                final long unit = t.endsWith("k") ? 1024 : 1024 * 1024;
                final long bytes = Math.multiplyExact(Long.parseLong(t.substring(0, t.length() - 1)), unit);
                if (bytes % Bio.SECTOR_SIZE != 0)
                {
                    throw new IllegalArgumentException("--chunk-size " + text + " is not a whole number of 512-byte sectors");
                }
                value = bytes / Bio.SECTOR_SIZE;
            }
            else
            {
                value = Long.parseLong(t);
            }
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("--chunk-size: '" + text + "' is not a number of sectors (or bytes with k/m)");
        }
        catch (final ArithmeticException e)
        {
            throw new IllegalArgumentException("--chunk-size " + text + ": must be a power of two from 1 to "
                + MAX_CHUNK_SECTORS + " sectors");
        }
        if (value <= 0 || Long.bitCount(value) != 1 || value > MAX_CHUNK_SECTORS)
        {
            throw new IllegalArgumentException("--chunk-size " + text + ": must be a power of two from 1 to "
                + MAX_CHUNK_SECTORS + " sectors");
        }
        return (int) value;
    }
}
