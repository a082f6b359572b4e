package io.dmsnap.cli.serve;

import io.dmsnap.engine.block.Errno;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.StatusType;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The control socket behind {@code dmsnap dmsetup}: the device-mapper verbs on the running
 * server's devices ({@link ControlProtocol} on a unix socket). One thread accepts; each request
 * runs on a thread of its own (at most {@link #MAX_CLIENTS} at once), since {@code wait} blocks
 * until an event. Table text goes through {@link ServeStack} to the engine's parser, so every
 * target type the engine registers (a merge target included) is available here unchanged.
 */
final class ControlServer implements AutoCloseable
{
    static final int MAX_CLIENTS = 16;
    /** How often a blocked {@code wait} looks whether the server is stopping. */
    private static final Duration WAIT_SLICE = Duration.ofMillis(200);

    private final ServerSocketChannel listener;
    private final Path path;
    private final ServeStack stack;
    private final NbdServer nbd;
    private final ServeLog log;
    private final AtomicInteger clients = new AtomicInteger();
    private volatile boolean closed;

    private ControlServer(final ServerSocketChannel listener, final Path path, final ServeStack stack,
                          final NbdServer nbd, final ServeLog log)
    {
        this.listener = listener;
        this.path = path;
        this.stack = stack;
        this.nbd = nbd;
        this.log = log;
    }

    static ControlServer open(final Path path, final ServeStack stack, final NbdServer nbd, final ServeLog log)
        throws IOException
    {
        if (Files.exists(path))
        {
            throw new IllegalArgumentException(path + " already exists: remove it or choose another --control path");
        }
        final ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(path));
        return new ControlServer(ch, path, stack, nbd, log);
    }

    void start()
    {
        final Thread t = new Thread(this::acceptLoop, "control-accept");
        t.setDaemon(true);
        t.start();
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
                log.warn("control: accept: " + e.getMessage());
                return;
            }
            if (clients.incrementAndGet() > MAX_CLIENTS)
            {
                clients.decrementAndGet();
                closeQuietly(ch);
                continue;
            }
            final Thread t = new Thread(() -> serve(ch), "control-client");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(final SocketChannel ch)
    {
        try (ch)
        {
            final DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
            final DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
            final List<String> args = ControlProtocol.readRequest(in);
            int status = 0;
            String text;
            try
            {
                text = execute(args);
            }
            catch (final DmException e)
            {
                status = e.errno() == 0 ? Errno.EINVAL : e.errno();
                text = e.getMessage();
            }
            catch (final IllegalArgumentException e)
            {
                status = ControlProtocol.BAD_REQUEST;
                text = e.getMessage();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                status = Errno.EIO;
                text = "interrupted";
            }
            ControlProtocol.writeReply(out, status, text);
        }
        catch (final IOException e)
        {
            log.info("control: " + e.getMessage());
        }
        finally
        {
            clients.decrementAndGet();
        }
    }

    /** One verb; returns its output (possibly empty). */
    String execute(final List<String> args) throws DmException, InterruptedException
    {
        if (args.isEmpty())
        {
            throw new IllegalArgumentException("no command: expected one of " + DmsetupVerbs.LIST);
        }
        final DeviceMapper dm = stack.deviceMapper();
        final String verb = args.get(0);
        switch (verb)
        {
            case "create":
                need(args, 3, "create NAME --table TABLE | --notable");
                if ("--notable".equals(args.get(2)))
                {
                    stack.createEmpty(args.get(1));
                }
                else
                {
                    stack.create(args.get(1), table(args));
                }
                return "";
            case "load":
                need(args, 3, "load NAME --table TABLE");
                stack.load(args.get(1), table(args));
                return "";
            case "suspend":
                need(args, 2, "suspend NAME");
                dm.suspend(args.get(1));
                return "";
            case "resume":
                need(args, 2, "resume NAME");
                dm.resume(args.get(1));
                return "";
            case "remove":
            {
                need(args, 2, "remove NAME");
                final int open = nbd.openConnections(args.get(1));
                if (open > 0)
                {
                    throw new DmException("device " + args.get(1) + " is busy: " + open + " NBD connection"
                        + (open == 1 ? "" : "s") + " open", Errno.EBUSY);
                }
                stack.remove(args.get(1));
                return "";
            }
            case "status":
                return statusOf(args, StatusType.INFO);
            case "table":
                return statusOf(args, StatusType.TABLE);
            case "info":
                need(args, 2, "info NAME");
                return dm.info(args.get(1)) + "\n";
            case "ls":
            {
                final StringBuilder sb = new StringBuilder();
                for (final String n : dm.names())
                {
                    sb.append(n).append('\n');
                }
                return sb.length() == 0 ? "No devices found\n" : sb.toString();
            }
            case "message":
            {
                need(args, 4, "message NAME SECTOR MESSAGE...");
                final long sector = parseNumber(args.get(2), "sector");
                final String reply = dm.message(args.get(1), sector,
                    args.subList(3, args.size()).toArray(new String[0]));
                return reply == null || reply.isEmpty() ? "" : reply + "\n";
            }
            case "wait":
            {
                need(args, 2, "wait NAME [EVENT_NR]");
                final String name = args.get(1);
                final long from = args.size() > 2 ? parseNumber(args.get(2), "event number") : dm.eventNr(name);
                long now = from;
                while (now == from && !closed)
                {
                    now = dm.waitEvent(name, from, WAIT_SLICE);
                }
                if (now == from)
                {
                    throw new DmException("the server is stopping", Errno.EIO);
                }
                return now + "\n";
            }
            default:
                throw new IllegalArgumentException("unknown command '" + verb + "': expected one of " + DmsetupVerbs.LIST);
        }
    }

    private String statusOf(final List<String> args, final StatusType type) throws DmException
    {
        final DeviceMapper dm = stack.deviceMapper();
        if (args.size() > 1)
        {
            final String s = dm.status(args.get(1), type);
            return s.isEmpty() ? "" : s + "\n";
        }
        final StringBuilder sb = new StringBuilder();
        for (final String n : dm.names())
        {
            final String s = dm.status(n, type);
            for (final String line : s.isEmpty() ? new String[0] : s.split("\n"))
            {
                sb.append(n).append(": ").append(line).append('\n');
            }
        }
        return sb.length() == 0 ? "No devices found\n" : sb.toString();
    }

    private static String table(final List<String> args)
    {
        if (!"--table".equals(args.get(2)) || args.size() != 4)
        {
            throw new IllegalArgumentException(args.get(0) + ": expected " + args.get(0) + " NAME --table TABLE");
        }
        return args.get(3);
    }

    private static void need(final List<String> args, final int count, final String usage)
    {
        if (args.size() < count)
        {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    private static long parseNumber(final String text, final String what)
    {
        try
        {
            final long v = Long.parseLong(text);
            if (v >= 0)
            {
                return v;
            }
        }
        catch (final NumberFormatException e)
        {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a valid " + what + ": expected a number >= 0");
    }

    @Override
    public void close()
    {
        closed = true;
        closeQuietly(listener);
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException e)
        {
            log.warn("cannot remove " + path + ": " + e.getMessage());
        }
    }

    private void closeQuietly(final java.nio.channels.Channel ch)
    {
        try
        {
            ch.close();
        }
        catch (final IOException e)
        {
            log.warn("control: close: " + e.getMessage());
        }
    }
}
