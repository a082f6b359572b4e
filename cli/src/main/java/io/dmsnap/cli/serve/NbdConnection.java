package io.dmsnap.cli.serve;

import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.concurrent.CompletionStack;
import io.dmsnap.engine.concurrent.IdlePolicy;
import io.dmsnap.engine.concurrent.SpinWait;


import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.dmsnap.cli.serve.NbdProtocol.CMD_DISC;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_FLAG_FUA;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_FLUSH;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_READ;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_TRIM;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_WRITE;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_WRITE_ZEROES;

/**
 * The transmission phase of one connection: the reader thread, a reply thread and a fixed set of
 * request slots.
 *
 * <h2>Thread model</h2>
 * The <b>reader</b> (the connection's own thread, which also ran the handshake) reads a request
 * header, takes a free slot, reads a WRITE payload straight into the slot's buffer and submits the
 * slot's bio to the device; it never waits for a completion, so requests are pipelined up to the
 * number of slots. The payload is read with one scattering read that also asks for the next
 * request's header, so a pipelined stream of writes costs one {@code read} per request.
 *
 * <p>Where a completion runs decides who writes its reply:
 * <ul>
 *   <li>On the reader itself (memory and null devices, a remapped write, a refused request): the
 *       slot goes onto the reader's own list, with no atomic operation and no wake-up. The reader
 *       writes that list with one gathering write when it has no complete request header in hand,
 *       that is before it may block reading the socket, and before it waits for a free slot. A
 *       burst of pipelined requests is answered with one {@code write}; nothing crosses threads.</li>
 *   <li>On any other thread (a device's completion thread, the copier after a copy-out): the slot
 *       is pushed onto the <b>reply thread</b>'s {@link CompletionStack} (lock-free, never blocks),
 *       which wakes it. The reply thread takes every completed slot at once, writes their replies
 *       with one gathering write and pushes the slots onto the reader's free stack. Engine threads
 *       therefore never write to a socket: a client that stops reading its replies stalls its own
 *       connection, not the copier every export shares.</li>
 * </ul>
 * Either way header and READ data leave from the slot's own buffers (no copy), and replies leave
 * in completion order, which NBD allows (the handle matches them). The two writers exclude each
 * other with {@link #writing}, a flag taken by CAS: the reader never waits for it (when the reply
 * thread holds it, the reader pushes its list onto the reply thread's stack, which the reply thread
 * empties again before it parks); the reply thread spins, then sleeps in steps of {@link IdlePolicy#TIMER_SLACK_NANOS}, until the
 * reader's write ends.
 *
 * <h2>Bounds</h2>
 * {@link #SLOTS} requests in flight per connection; each slot's buffer is
 * {@link NbdRequest#SMALL_BUFFER}; one payload larger than that at a time uses the connection's
 * large buffer of {@link NbdProtocol#MAX_PAYLOAD}, allocated on first use. When no slot (or the
 * large buffer) is free the reader stops reading the socket until one is: back-pressure, not
 * memory growth. Nothing is allocated per request once the slots exist.
 *
 * <h2>Ending</h2>
 * On DISC, end of stream, a protocol violation or a socket error the reader stops reading, writes
 * its own replies, waits until every slot came back (requests in the device complete first), then
 * tells the reply thread, which exits; the channel is closed last. A failed write marks the
 * connection {@link #broken} and closes the channel (so the reader stops too); slots are then
 * recycled without writing.
 *
 * <p>Memory ordering: slots pass between threads only through the two stacks (a release CAS on
 * push, an acquire swap on take); the reader's own list never leaves the reader. {@link #writing}
 * is taken with a CAS (acquire) and released with a volatile write, so each writer sees the
 * channel state the other left. {@code readerDone}, {@code largeBusy} and {@code broken} are
 * volatile.
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

    private static final VarHandle WRITING;

    static
    {
        try
        {
            WRITING = MethodHandles.lookup().findVarHandle(NbdConnection.class, "writing", int.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Completions on threads other than the reader; the reply thread owns it. */
    private final CompletionStack<NbdRequest> replies = new CompletionStack<>();
    private final CompletionStack<NbdRequest> freeSlots = new CompletionStack<>();
    /** The reader thread; written before the first request is submitted, compared by completers. */
    private Thread reader;
    /** Reader only: requests completed on the reader thread, newest first, not yet answered. */
    private NbdRequest ownReplies;
    /** Reader only: its gathering-write batch. */
    private final ByteBuffer[] ownBatch = new ByteBuffer[2 * SLOTS];
    /** 1 while a thread writes replies to the channel (CAS to take, volatile write to release). */
    @SuppressWarnings("unused")   // accessed through WRITING
    private volatile int writing;
    /** A reply write failed: later replies are dropped, their slots still recycled. */
    private volatile boolean broken;
    /** Reader only: free slots taken off {@link #freeSlots}, linked through their stack link. */
    private NbdRequest localFree;
    /** Reader only: slots not in {@link #localFree}. */
    private int outstanding;
    /** Reader only: slots whose request failed with an exception inside the server; never waited for. */
    private int abandoned;
    private ByteBuffer largeBuffer;
    /** Reader only: the next request header, filled by header reads and by payload reads. */
    private final ByteBuffer wire = ByteBuffer.allocateDirect(NbdProtocol.REQUEST_BYTES).order(ByteOrder.BIG_ENDIAN);
    /** Reader only: the scattering read's buffers (a payload, then {@link #wire}). */
    private final ByteBuffer[] payloadAndHeader = new ByteBuffer[2];
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

    /**
     * Any thread: a request is complete. On the reader it joins the reader's own list (answered
     * before the reader next blocks); elsewhere it goes to the reply thread. Never blocks.
     */
    void completed(final NbdRequest request)
    {
        if (Thread.currentThread() == reader)
        {
            request.stackNext(ownReplies);
            ownReplies = request;
        }
        else
        {
            replies.push(request);
        }
    }

    /** Run the transmission phase on the calling thread (the reader), with a writer thread of its own. */
    void serve()
    {
        reader = Thread.currentThread();
        freeSlots.bind(reader);
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
            writeOwnReplies();
            while (outstanding > abandoned)
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
        final RequestHeader header = new RequestHeader();
        try
        {
            while (true)
            {
                if (wire.hasRemaining())
                {
                    // No whole header in hand: the client may have nothing more to send, so answer
                    // what completed here before blocking in the read.
                    writeOwnReplies();
                    if (!readFully(wire))
                    {
                        return;   // the client closed without DISC
                    }
                }
                wire.flip();
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
        catch (final RuntimeException | Error e)
        {
            // A fault in the server or the engine (a bug, or the JVM out of memory): one line, and the
            // client is disconnected rather than left waiting on a reader that has stopped.
            log.warn(id + ": internal error: " + e + "; disconnecting");
        }
    }

    /** One request: returns false when the stream ended inside its payload. */
    private boolean dispatch(final RequestHeader header, final int verdict) throws IOException
    {
        wire.clear();   // the next header goes here, read with this request's payload when it has one
        final int length = header.length;
        final boolean payload = RequestParser.hasPayload(header, verdict);
        final boolean needsBuffer = payload || header.type == CMD_READ && verdict == 0;
        final NbdRequest request = takeSlot(needsBuffer && length > NbdRequest.SMALL_BUFFER);
        try
        {
            return start(request, header, verdict, length, payload, needsBuffer);
        }
        catch (final RuntimeException | Error e)
        {
            // Whether the device still holds the request is unknown: the reader stops waiting for it.
            abandoned++;
            throw e;
        }
    }

    private boolean start(final NbdRequest request, final RequestHeader header, final int verdict, final int length,
                          final boolean payload, final boolean needsBuffer) throws IOException
    {
        request.begin(header, device);
        if (needsBuffer)
        {
            final ByteBuffer buf = request.buffer(length, largeBufferFor(length));
            if (payload && !readPayload(buf))
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
        if (localFree == null || large && largeBusy)
        {
            writeOwnReplies();   // its slots (and perhaps the large buffer) come back at once
        }
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

    /**
     * Reader: answer the requests that completed on this thread with one gathering write and take
     * their slots back. When the reply thread is writing, hand them to it instead (it empties its
     * stack again before it parks, so they are not left behind).
     */
    private void writeOwnReplies()
    {
        final NbdRequest list = ownReplies;
        if (list == null)
        {
            return;
        }
        ownReplies = null;
        if (!WRITING.compareAndSet(this, 0, 1))   // acquire: the reply thread's writes happened before
        {
            NbdRequest r = list;
            while (r != null)
            {
                final NbdRequest next = r.stackNext();
                replies.push(r);
                r = next;
            }
            return;
        }
        try
        {
            sendReplies(list, ownBatch);
        }
        finally
        {
            WRITING.setVolatile(this, 0);   // release
        }
        NbdRequest r = list;
        while (r != null)
        {
            final NbdRequest next = r.stackNext();
            if (r.holdsLargeBuffer())
            {
                largeBusy = false;
            }
            r.stackNext(localFree);
            localFree = r;
            outstanding--;
            r = next;
        }
    }

    private void writeLoop()
    {
        final ByteBuffer[] batch = new ByteBuffer[2 * SLOTS];
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
            takeWriting();
            try
            {
                sendReplies(list, batch);
            }
            finally
            {
                WRITING.setVolatile(this, 0);   // release
            }
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

    /** Reply thread: take {@link #writing}; the reader holds it only for one write of its own. */
    private void takeWriting()
    {
        int round = 0;
        while (!WRITING.compareAndSet(this, 0, 1))   // acquire
        {
            if (round < SpinWait.SPINS)
            {
                round = SpinWait.pause(round);
            }
            else
            {
                // The reader's write is blocked on a full socket (its client is not reading):
                // wait without burning a core; the flag is polled, nobody unparks this thread.
                LockSupport.parkNanos(IdlePolicy.TIMER_SLACK_NANOS);
            }
        }
    }

    /** The caller holds {@link #writing}: write the replies of {@code list} (unless broken). */
    private void sendReplies(final NbdRequest list, final ByteBuffer[] batch)
    {
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

    /**
     * Reader: read a request's payload into {@code buf}, and with it as much of the next request's
     * header as has arrived (one scattering read when the client pipelines). False at end of stream.
     */
    private boolean readPayload(final ByteBuffer buf) throws IOException
    {
        final ByteBuffer[] both = payloadAndHeader;
        both[0] = buf;
        both[1] = wire;
        try
        {
            while (buf.hasRemaining())
            {
                if (channel.read(both) < 0)
                {
                    return false;
                }
            }
            return true;
        }
        finally
        {
            both[0] = null;
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
