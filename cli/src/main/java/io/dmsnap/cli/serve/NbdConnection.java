package io.dmsnap.cli.serve;

import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.concurrent.CompletionStack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static io.dmsnap.cli.serve.NbdProtocol.CMD_DISC;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_FLAG_FUA;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_FLUSH;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_READ;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_TRIM;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_WRITE;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_WRITE_ZEROES;

/**
 * The transmission phase of one connection: two threads and a fixed set of request slots.
 *
 * <h2>Thread model</h2>
 * The <b>reader</b> (the connection's own thread, which also ran the handshake) reads a request
 * header, takes a free slot, reads a WRITE payload straight into the slot's buffer and submits the
 * slot's bio to the device; it never waits for a completion, so requests are pipelined up to the
 * number of slots. Completions run on whichever thread ends the bio (the reader itself for inline
 * devices, a device's completion thread, the copier); they only push the slot onto the
 * <b>writer</b>'s {@link CompletionStack} (lock-free, never blocks). The writer takes every
 * completed slot at once, writes their replies with one gathering write (header and READ data
 * from the slot's own buffers: no copy), and pushes the slots onto the reader's free stack. Replies
 * therefore leave in completion order, which NBD allows (the handle matches them).
 *
 * <h2>Bounds</h2>
 * {@link #SLOTS} requests in flight per connection; each slot's buffer is
 * {@link NbdRequest#SMALL_BUFFER}; one payload larger than that at a time uses the connection's
 * large buffer of {@link NbdProtocol#MAX_PAYLOAD}, allocated on first use. When no slot (or the
 * large buffer) is free the reader stops reading the socket until one is: back-pressure, not
 * memory growth. Nothing is allocated per request once the slots exist.
 *
 * <h2>Ending</h2>
 * On DISC, end of stream, a protocol violation or a socket error the reader stops reading, waits
 * until every slot came back (requests in the device complete first), then tells the writer, which
 * exits; the channel is closed last. A writer that fails to write closes the channel (so the reader
 * stops too) and keeps recycling slots without writing.
 *
 * <p>Memory ordering: slots pass between threads only through the two stacks (a release CAS on
 * push, an acquire swap on take); {@code readerDone} and {@code largeBusy} are volatile.
 */
final class NbdConnection
{
    /** Request slots: the most requests one connection has in flight. */
    static final int SLOTS = 64;
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final SocketChannel channel;
    private final Export export;
    private final BlockDevice device;
    private final ExportGeometry geometry;
    private final ByteBuffer zeros;
    private final ServeLog log;
    private final String id;

    private final CompletionStack<NbdRequest> replies = new CompletionStack<>();
    private final CompletionStack<NbdRequest> freeSlots = new CompletionStack<>();
    /** Reader only: free slots taken off {@link #freeSlots}, linked through their stack link. */
    private NbdRequest localFree;
    /** Reader only: slots not in {@link #localFree}. */
    private int outstanding;
    private ByteBuffer largeBuffer;
    /** True while a request holds {@link #largeBuffer}; set by the reader, cleared by the writer. */
    private volatile boolean largeBusy;
    private volatile boolean readerDone;
    private volatile Thread writerThread;

    NbdConnection(final SocketChannel channel, final Export export, final ByteBuffer zeros, final ServeLog log,
                  final String id)
    {
        this.channel = channel;
        this.export = export;
        this.device = export.device();
        this.geometry = export.geometry();
        this.zeros = zeros;
        this.log = log;
        this.id = id;
        for (int i = 0; i < SLOTS; i++)
        {
            final NbdRequest r = new NbdRequest(this);
            r.stackNext(localFree);
            localFree = r;
        }
    }

    ByteBuffer zeros()
    {
        return zeros;
    }

    /** Any thread: a request is complete; the writer sends its reply. Never blocks. */
    void completed(final NbdRequest request)
    {
        replies.push(request);
    }

    /** Run the transmission phase on the calling thread (the reader), with a writer thread of its own. */
    void serve()
    {
        freeSlots.bind(Thread.currentThread());
        final Thread writer = new Thread(this::writeLoop, "nbd-reply-" + id);
        writer.setDaemon(true);
        replies.bind(writer);
        writerThread = writer;
        writer.start();
        try
        {
            readLoop();
        }
        finally
        {
            while (outstanding > 0)
            {
                reclaim(PARK_NANOS);
            }
            readerDone = true;
            replies.unparkOwner();
            try
            {
                writer.join();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            closeQuietly();
        }
    }

    private void readLoop()
    {
        final ByteBuffer wire = ByteBuffer.allocateDirect(NbdProtocol.REQUEST_BYTES).order(ByteOrder.BIG_ENDIAN);
        final RequestHeader header = new RequestHeader();
        try
        {
            while (true)
            {
                wire.clear();
                if (!readFully(wire))
                {
                    return;   // the client closed without DISC
                }
                if (!RequestParser.decode(wire, header))
                {
                    log.warn(id + ": bad request magic 0x" + Integer.toHexString(wire.getInt(0)) + "; disconnecting");
                    return;
                }
                final int verdict = RequestParser.check(header, geometry);
                if (verdict == RequestParser.DISCONNECT)
                {
                    log.warn(id + ": " + header + " exceeds the " + geometry.maximumPayload()
                        + "-byte payload limit; disconnecting");
                    return;
                }
                if (header.type == CMD_DISC)
                {
                    return;
                }
                if (!dispatch(header, verdict))
                {
                    return;
                }
            }
        }
        catch (final IOException e)
        {
            if (channel.isOpen())
            {
                log.warn(id + ": " + e.getMessage() + "; disconnecting");
            }
        }
    }

    /** One request: returns false when the stream ended inside its payload. */
    private boolean dispatch(final RequestHeader header, final int verdict) throws IOException
    {
        final int length = header.length;
        final boolean payload = RequestParser.hasPayload(header, verdict);
        final boolean needsBuffer = payload || header.type == CMD_READ && verdict == 0;
        final NbdRequest request = takeSlot(needsBuffer && length > NbdRequest.SMALL_BUFFER);
        request.begin(header, device);
        if (needsBuffer)
        {
            final ByteBuffer buf = request.buffer(length, largeBufferFor(length));
            if (payload && !readFully(buf))
            {
                request.fail(NbdProtocol.EIO);   // recycled by the writer; the reply goes nowhere
                return false;
            }
        }
        if (verdict != 0)
        {
            request.fail(verdict);
            return true;
        }
        final boolean fua = (header.flags & CMD_FLAG_FUA) != 0;
        switch (header.type)
        {
            case CMD_READ:
                request.submitRead(header.offset, length);
                break;
            case CMD_WRITE:
                request.submitWrite(header.offset, length, fua);
                break;
            case CMD_FLUSH:
                request.submitFlush();
                break;
            case CMD_TRIM:
                request.submitTrim(header.offset, header.lengthUnsigned(), fua);
                break;
            case CMD_WRITE_ZEROES:
                request.submitZeroes(header.offset, header.lengthUnsigned(), fua);
                break;
            default:
                request.fail(NbdProtocol.EINVAL);   // check() refuses every other type
                break;
        }
        return true;
    }

    private ByteBuffer largeBufferFor(final int length)
    {
        if (length <= NbdRequest.SMALL_BUFFER)
        {
            return null;
        }
        if (largeBuffer == null)
        {
            largeBuffer = ByteBuffer.allocateDirect(NbdProtocol.MAX_PAYLOAD);
        }
        largeBusy = true;
        return largeBuffer;
    }

    /** Reader: a free slot (and, with {@code large}, the large buffer free), waiting for the writer if needed. */
    private NbdRequest takeSlot(final boolean large)
    {
        while (localFree == null || large && largeBusy)
        {
            reclaim(Long.MAX_VALUE);
        }
        final NbdRequest r = localFree;
        localFree = r.stackNext();
        r.stackNext(null);
        outstanding++;
        return r;
    }

    /** Reader: move slots the writer freed to the local list, waiting up to {@code parkNanos} for one. */
    private void reclaim(final long parkNanos)
    {
        NbdRequest r = freeSlots.await(parkNanos);
        while (r != null)
        {
            final NbdRequest next = r.stackNext();
            r.stackNext(localFree);
            localFree = r;
            outstanding--;
            r = next;
        }
    }

    private void writeLoop()
    {
        final ByteBuffer[] batch = new ByteBuffer[2 * SLOTS];
        boolean broken = false;
        while (true)
        {
            final NbdRequest list = replies.await(Long.MAX_VALUE);   // the reader unparks it when it is done
            if (list == null)
            {
                if (readerDone && replies.isEmpty())
                {
                    return;
                }
                continue;
            }
            int n = 0;
            for (NbdRequest r = list; r != null; r = r.stackNext())
            {
                batch[n++] = r.replyHeader();
                final ByteBuffer data = r.replyData();
                if (data != null)
                {
                    batch[n++] = data;
                }
            }
            if (!broken)
            {
                try
                {
                    writeFully(batch, n);
                }
                catch (final IOException e)
                {
                    broken = true;
                    if (channel.isOpen())
                    {
                        log.warn(id + ": cannot write replies: " + e.getMessage() + "; disconnecting");
                    }
                    closeQuietly();
                }
            }
            Arrays.fill(batch, 0, n, null);
            NbdRequest r = list;
            while (r != null)
            {
                final NbdRequest next = r.stackNext();
                if (r.holdsLargeBuffer())
                {
                    largeBusy = false;   // volatile write before the slot is pushed
                }
                freeSlots.push(r);
                r = next;
            }
        }
    }

    private void writeFully(final ByteBuffer[] batch, final int n) throws IOException
    {
        int first = 0;
        while (first < n)
        {
            channel.write(batch, first, n - first);
            while (first < n && !batch[first].hasRemaining())
            {
                first++;
            }
        }
    }

    private boolean readFully(final ByteBuffer buf) throws IOException
    {
        while (buf.hasRemaining())
        {
            if (channel.read(buf) < 0)
            {
                return false;
            }
        }
        return true;
    }

    /** Any thread: close the socket; the reader's blocked read ends and the connection winds down. */
    void close()
    {
        closeQuietly();
    }

    private void closeQuietly()
    {
        try
        {
            channel.close();
        }
        catch (final IOException e)
        {
            log.warn(id + ": close: " + e.getMessage());
        }
    }

    String exportName()
    {
        return export.name();
    }
}
