package io.dmsnap.cli.serve;

import io.dmsnap.cli.common.EngineOptions;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.InputFileKind;
import io.dmsnap.cli.common.IoReason;
import io.dmsnap.engine.block.Bio;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code dmsnap serve}: the engine's mapped devices as NBD exports, for real clients (the kernel's
 * nbd driver, qemu, libnbd's tools, fio's nbd engine). Runs until SIGINT or SIGTERM, then flushes,
 * removes the devices and closes the images (docs/serve.md).
 */
@Command(name = "serve",
    description = {"Export the engine's devices over NBD (fixed newstyle, simple replies) until SIGINT/SIGTERM.",
        "With no --table: an origin with one snapshot (P store) and a raw device, in memory, exported as "
            + "origin, snapshot and raw."})
public final class ServeCommand implements Callable<Integer>
{
    static final String DEFAULT_LISTEN = "127.0.0.1:10809";

    @Spec
    private CommandSpec spec;

    @Mixin
    private EngineOptions engine;

    @Option(names = "--unix", paramLabel = "PATH", description = "Listen on a unix socket at PATH (instead of TCP).")
    private Path unix;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
        description = "Listen on TCP (default " + DEFAULT_LISTEN + " when --unix is not given). Loopback only "
            + "unless --allow-remote.")
    private String listen;

    @Option(names = "--allow-remote",
        description = "Allow a --listen address other than loopback. NBD has no authentication: anyone who "
            + "reaches it reads and writes every export.")
    private boolean allowRemote;

    @Option(names = "--control", paramLabel = "PATH",
        description = "Also listen for dmsnap dmsetup on a unix socket at PATH.")
    private Path control;

    @Option(names = "--table", paramLabel = "FILE",
        description = "Devices to build: blocks of a device name line and its table lines (dmsetup syntax).")
    private Path table;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1g",
        description = "Without --table: size of the origin and of the raw device (default ${DEFAULT-VALUE}).")
    private String size;

    @Option(names = "--cow-size", paramLabel = "SIZE",
        description = "Without --table: size of the snapshot's COW device (default: --size plus 1/64 for the "
            + "metadata, so that overwriting the whole origin fits).")
    private String cowSize;

    @Option(names = "--chunk-size", paramLabel = "SECTORS", defaultValue = "8",
        description = "Without --table: the snapshot's chunk size in sectors (default ${DEFAULT-VALUE}).")
    private int chunkSectors;

    @Option(names = "--verbose", description = "Log every connection.")
    private boolean verbose;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final List<TableFile.Device> devices = table == null ? DefaultTable.devices(size, cowSize, chunkSectors)
            : readTable(table);
        if (unix != null && listen != null)
        {
            throw new IllegalArgumentException("--unix and --listen exclude each other: choose one");
        }
        final InetSocketAddress tcp = unix == null ? tcpAddress(listen == null ? DEFAULT_LISTEN : listen) : null;
        if (tcp != null && !tcp.getAddress().isLoopbackAddress())
        {
            if (!allowRemote)
            {
                throw new IllegalArgumentException("--listen " + listen + " is not a loopback address: NBD has no "
                    + "authentication; add --allow-remote to listen there anyway");
            }
            err.println("dmsnap serve: warning: listening on " + listen + ": NBD has no authentication, anyone who "
                + "can reach this address can read and write every export");
            err.flush();
        }
        final ServeLog log = new ServeLog(err, verbose);
        final ServeSession session = ServeSession.start(engine.config(), devices, unix, tcp, control, log);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            final int removed = session.shutdown();
            log.warn("stopped: flushed and removed " + removed + " device" + (removed == 1 ? "" : "s"));
            stopped.countDown();
        }, "serve-shutdown"));
        out.println("dmsnap serve: exports " + String.join(", ", session.stack().names()) + " on "
            + (unix != null ? "unix:" + unix : "tcp:" + session.server().address())
            + (control != null ? "; control on unix:" + control : ""));
        out.flush();
        try
        {
            stopped.await();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    private static List<TableFile.Device> readTable(final Path file)
    {
        if (!Files.exists(file))
        {
            throw new IllegalArgumentException("--table: " + file + ": no such file");
        }
        final String refusal = InputFileKind.refusal(file);
        if (refusal != null)
        {
            throw new IllegalArgumentException("--table: " + file + " is " + InputFileKind.message(refusal));
        }
        try
        {
            return TableFile.parse(Files.readString(file), file.toString());
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("--table: cannot read " + file + ": " + IoReason.of(e));
        }
    }

    /** HOST:PORT with a literal or resolvable host; IPv6 as [ADDR]:PORT. */
    static InetSocketAddress tcpAddress(final String text)
    {
        final int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1)
        {
            throw new IllegalArgumentException("--listen: '" + text + "' is not HOST:PORT (e.g. " + DEFAULT_LISTEN + ")");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        final int port;
        try
        {
            port = Integer.parseInt(text.substring(colon + 1));
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("--listen: '" + text + "': the port is not a number (0 to 65535)");
        }
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("--listen: '" + text + "': the port must be 0 to 65535");
        }
        try
        {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        }
        catch (final UnknownHostException e)
        {
            throw new IllegalArgumentException("--listen: unknown host '" + host + "'");
        }
    }

    /** The one-command demo's devices, from the size options. */
    static final class DefaultTable
    {
        private DefaultTable()
        {
        }

        static List<TableFile.Device> devices(final String size, final String cowSize, final int chunkSectors)
        {
            final long bytes = ByteSize.parse(size, "--size");
            final long cowBytes = cowSize == null ? bytes + (bytes / 64 + 65536) / 512 * 512
                : ByteSize.parse(cowSize, "--cow-size");
            if (chunkSectors < 1 || Integer.bitCount(chunkSectors) != 1)
            {
                throw new IllegalArgumentException("--chunk-size: " + chunkSectors
                    + " is not a power of two number of sectors (e.g. 8 for 4 KiB)");
            }
            final long sectors = bytes >>> Bio.SECTOR_SHIFT;
            final String text = "origin\n"
                + "0 " + sectors + " snapshot-origin base=memory:" + bytes + "\n"
                + "snapshot\n"
                + "0 " + sectors + " snapshot base cow=memory:" + cowBytes + " P " + chunkSectors + "\n"
                + "raw\n"
                + "0 " + sectors + " linear raw-data=memory:" + bytes + " 0\n";
            return TableFile.parse(text, "default table");
        }
    }
}
