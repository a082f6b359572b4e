package io.dmsnap.cli.serve;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The listening socket and its connections: an accept thread, and per connection a thread that
 * negotiates and then reads requests, plus the reply thread {@link NbdConnection} starts. At most
 * {@link #MAX_CONNECTIONS} connections at once; one more is closed at accept.
 *
 * <p>Thread safety: {@link #start} once; {@link #close} from any thread (the shutdown hook), once
 * or more; {@link #openConnections} from any thread.
 */
final class NbdServer implements AutoCloseable
{
    static final int MAX_CONNECTIONS = 128;

    private final ServerSocketChannel listener;
    private final SocketAddress address;
    private final ExportCatalog catalog;
    private final ServeLog log;
    private final ByteBuffer zeros = ByteBuffer.allocateDirect(NbdRequest.ZERO_PIECE).asReadOnlyBuffer();
    private final Set<NbdConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> opens = new ConcurrentHashMap<>();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final Path unixPath;
    private Thread acceptor;

    private NbdServer(final ServerSocketChannel listener, final SocketAddress address, final Path unixPath,
                      final ExportCatalog catalog, final ServeLog log)
    {
        this.listener = listener;
        this.address = address;
        this.unixPath = unixPath;
        this.catalog = catalog;
        this.log = log;
    }

    /** Listen on a unix socket at {@code path}; refuses an existing file, which may be another server's socket. */
    static NbdServer unix(final Path path, final ExportCatalog catalog, final ServeLog log) throws IOException
    {
        if (Files.exists(path))
        {
            throw new IllegalArgumentException(path + " already exists: remove it or choose another --unix path");
        }
        final ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        final UnixDomainSocketAddress addr = UnixDomainSocketAddress.of(path);
        ch.bind(addr);
        return new NbdServer(ch, addr, path, catalog, log);
    }

    /** Listen on a TCP address. */
    static NbdServer tcp(final SocketAddress address, final ExportCatalog catalog, final ServeLog log) throws IOException
    {
        final ServerSocketChannel ch = ServerSocketChannel.open();
        ch.bind(address);
        return new NbdServer(ch, ch.getLocalAddress(), null, catalog, log);
    }

    SocketAddress address()
    {
        return address;
    }

    void start()
    {
        acceptor = new Thread(this::acceptLoop, "nbd-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Connections in transmission on {@code export} now (a device with any is busy for remove). */
    int openConnections(final String export)
    {
        final AtomicInteger n = opens.get(export);
        return n == null ? 0 : n.get();
    }

    private void acceptLoop()
    {
        while (true)
        {
            final SocketChannel ch;
            try
            {
                ch = listener.accept();
            }
            catch (final ClosedChannelException e)
            {
                return;
            }
            catch (final IOException e)
            {
                log.warn("accept: " + e.getMessage());
                return;
            }
            if (live.incrementAndGet() > MAX_CONNECTIONS)
            {
                live.decrementAndGet();
                log.warn("refusing a connection: " + MAX_CONNECTIONS + " are open");
                closeQuietly(ch);
                continue;
            }
            final String id = "conn-" + ids.incrementAndGet();
            final Thread t = new Thread(() -> handle(ch, id), "nbd-" + id);
            t.setDaemon(true);
            t.start();
        }
    }

    private void handle(final SocketChannel ch, final String id)
    {
        try
        {
            final NbdHandshake.Outcome outcome = new NbdHandshake(ch, catalog).negotiate();
            if (outcome.export == null)
            {
                log.info(id + ": " + outcome.reason);
                return;
            }
            final String name = outcome.export.name();
            log.info(id + ": serving " + name);
            final NbdConnection c = new NbdConnection(ch, outcome.export, zeros, log, id);
            final AtomicInteger count = opens.computeIfAbsent(name, k -> new AtomicInteger());
            count.incrementAndGet();
            connections.add(c);
            try
            {
                c.serve();
            }
            finally
            {
                connections.remove(c);
                count.decrementAndGet();
                log.info(id + ": closed");
            }
        }
        catch (final IOException e)
        {
            log.info(id + ": " + e.getMessage());
        }
        finally
        {
            live.decrementAndGet();
            closeQuietly(ch);
        }
    }

    /** Stop accepting and disconnect every client (each finishes the requests it has in the device first). */
    @Override
    public void close()
    {
        closeQuietly(listener);
        for (final NbdConnection c : connections)
        {
            c.close();
        }
        if (unixPath != null)
        {
            try
            {
                Files.deleteIfExists(unixPath);
            }
            catch (final IOException e)
            {
                log.warn("cannot remove " + unixPath + ": " + e.getMessage());
            }
        }
    }

    /**
     * After {@link #close}: wait up to {@code millis} for every connection to finish its requests in
     * the devices and exit. Returns whether all did (a request held by a suspended device may not).
     */
    boolean awaitConnections(final long millis) throws InterruptedException
    {
        final long deadline = System.nanoTime() + millis * 1_000_000L;
        while (live.get() > 0)
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private void closeQuietly(final java.nio.channels.Channel ch)
    {
        try
        {
            ch.close();
        }
        catch (final IOException e)
        {
            log.warn("close: " + e.getMessage());
        }
    }
}
