package io.dmsnap.cli.serve;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running server: the devices, the NBD listener and, optionally, the control socket. Built by
 * {@code dmsnap serve} and by the tests; {@link #close} is the shutdown path (the command's
 * shutdown hook calls it on SIGINT and SIGTERM): stop accepting, let each connection finish what it
 * has in the devices, close the control socket, flush, remove the devices, close the images.
 */
final class ServeSession implements AutoCloseable
{
    /** How long shutdown waits for connections to drain before it removes the devices anyway. */
    private static final long DRAIN_MILLIS = 10_000;

    private final ServeStack stack;
    private final NbdServer server;
    private final ControlServer control;
    private final ServeLog log;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServeSession(final ServeStack stack, final NbdServer server, final ControlServer control,
                         final ServeLog log)
    {
        this.stack = stack;
        this.server = server;
        this.control = control;
        this.log = log;
    }

    /**
     * Build the devices of {@code devices} in order and start serving them.
     *
     * @param unixPath the NBD unix socket, or null to listen on {@code tcp}
     * @param controlPath the control socket for {@code dmsnap dmsetup}, or null for none
     * @throws IllegalArgumentException a device or table the engine refuses (message names the device)
     */
    static ServeSession start(final EngineConfig config, final List<TableFile.Device> devices, final Path unixPath,
                              final SocketAddress tcp, final Path controlPath, final ServeLog log) throws IOException
    {
        final ServeStack stack = new ServeStack(new DeviceMapper(config), log);
        try
        {
            for (final TableFile.Device d : devices)
            {
                try
                {
                    stack.create(d.name, d.table);
                }
                catch (final DmException e)
                {
                    throw new IllegalArgumentException("device " + d.name + " (line " + d.line + "): " + e.getMessage());
                }
                catch (final IllegalArgumentException e)
                {
                    throw new IllegalArgumentException("device " + d.name + " (line " + d.line + "): " + e.getMessage());
                }
            }
            stack.settle();
        }
        catch (final DmException | RuntimeException e)
        {
            stack.shutdown();
            if (e instanceof DmException)
            {
                throw new IllegalArgumentException(e.getMessage());
            }
            throw (RuntimeException) e;
        }
        NbdServer server = null;
        ControlServer control = null;
        try
        {
            server = unixPath != null ? NbdServer.unix(unixPath, stack, log) : NbdServer.tcp(tcp, stack, log);
            if (controlPath != null)
            {
                control = ControlServer.open(controlPath, stack, server, log);
            }
        }
        catch (final IOException | RuntimeException e)
        {
            if (server != null)
            {
                server.close();
            }
            stack.shutdown();
            throw e;
        }
        // From here on the engine's kernel log reaches the server's log as it is written, as dmesg
        // would show it (an invalidated snapshot, a merge's end); start-up errors were the command's.
        stack.deviceMapper().log().forwardTo(log::warn);
        server.start();
        if (control != null)
        {
            control.start();
        }
        return new ServeSession(stack, server, control, log);
    }

    ServeStack stack()
    {
        return stack;
    }

    NbdServer server()
    {
        return server;
    }

    /** Idempotent; returns the number of mapped devices removed (0 on a second call). */
    int shutdown()
    {
        if (!closed.compareAndSet(false, true))
        {
            return 0;
        }
        server.close();
        if (control != null)
        {
            control.close();
        }
        try
        {
            if (!server.awaitConnections(DRAIN_MILLIS))
            {
                log.warn("connections still have requests in the devices after " + DRAIN_MILLIS
                    + " ms; removing the devices anyway");
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        return stack.shutdown();
    }

    @Override
    public void close()
    {
        shutdown();
    }
}
