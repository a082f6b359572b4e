package io.dmsnap.cli.serve;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The accept loop of a listener (the NBD socket, the control socket): a thread per client up to a
 * bound, beyond it the connection is closed at once. The loop ends when the listener is closed.
 *
 * <p>Thread: runs on the listener's own accept thread. {@code open} is incremented here and must be
 * decremented by the client's thread when it ends (atomic; the bound is exact).
 */
final class AcceptLoop
{
    private AcceptLoop()
    {
    }

    /**
     * @param what   the listener's name in log lines ("nbd", "control")
     * @param client starts serving an accepted connection (on a thread of its own); owns the channel
     */
    static void run(final ServerSocketChannel listener, final AtomicInteger open, final int max, final String what,
                    final ServeLog log, final Consumer<SocketChannel> client)
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
                log.warn(what + ": accept: " + e.getMessage());
                return;
            }
            if (open.incrementAndGet() > max)
            {
                open.decrementAndGet();
                log.warn(what + ": refusing a connection: " + max + " are open");
                closeQuietly(ch, what, log);
                continue;
            }
            client.accept(ch);
        }
    }

    static void closeQuietly(final Channel ch, final String what, final ServeLog log)
    {
        try
        {
            ch.close();
        }
        catch (final IOException e)
        {
            log.warn(what + ": close: " + e.getMessage());
        }
    }
}
