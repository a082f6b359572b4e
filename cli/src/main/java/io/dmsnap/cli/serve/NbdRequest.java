package io.dmsnap.cli.serve;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioEndIo;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.concurrent.CompletionStack;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request slot of one connection: the bio it submits, its data buffer and its reply header, all
 * reused request after request. A connection has a fixed number of slots; a slot cycles through
 * free (the reader's) -> in the device -> completed (the writer's stack) -> free, and is in at most
 * one {@link CompletionStack} at a time, so one link serves both stacks.
 *
 * <p>Data moves once each way: a WRITE payload is read from the socket straight into the slot's
 * direct buffer, which the bio carries to the device; a READ's device copies into that buffer and
 * the writer hands it to the socket with the header in one gathering write.
 *
 * <p>WRITE_ZEROES has no payload and may cover up to 4 GiB: it is written in pieces of at most
 * {@link #ZERO_PIECE} bytes from a shared read-only buffer of zeros, one piece at a time. Whichever
 * thread sees a piece complete submits the next, except when the piece completed inside
 * {@code submit} (inline devices): then the submitting loop goes on, so the stack never grows with
 * the number of pieces. {@code zeroPhase} decides which: a volatile CAS by the submitter after
 * {@code submit} returned (SUBMITTING -> RETURNED) races one by the completer (SUBMITTING -> DONE);
 * the loser of the race drives the next piece, and the CAS orders the piece's fields between them.
 */
final class NbdRequest implements BioEndIo, CompletionStack.Node<NbdRequest>
{
    /** The bytes a slot's own buffer holds; larger payloads borrow the connection's large buffer. */
    static final int SMALL_BUFFER = 256 << 10;
    /** One WRITE_ZEROES piece. */
    static final int ZERO_PIECE = 1 << 20;

    private static final int SUBMITTING = 1;
    private static final int RETURNED = 2;
    private static final int DONE = 3;

    private final NbdConnection connection;
    private final Bio bio = new Bio();
    private final ByteBuffer reply = ByteBuffer.allocateDirect(NbdProtocol.REPLY_BYTES).order(ByteOrder.BIG_ENDIAN);
    private final AtomicInteger zeroPhase = new AtomicInteger();
    /** Allocated on first use, then kept: a connection that only does 4K I/O never touches 256 KiB. */
    private ByteBuffer small;
    /** The buffer of the current request: {@link #small}, the connection's large one, or null. */
    private ByteBuffer data;
    private boolean large;
    private int type;
    private int replyDataBytes;
    private int error;
    private BlockDevice device;
    private long zeroNext;
    private long zeroEnd;
    private int zeroFlags;
    private NbdRequest stackNext;

    NbdRequest(final NbdConnection connection)
    {
        this.connection = connection;
        reply.putInt(0, NbdProtocol.SIMPLE_REPLY_MAGIC);
    }

    // ---- reader thread: start a request ----

    /** Take the request's identity from {@code header}; the buffer is chosen by {@link #buffer}. */
    void begin(final RequestHeader header, final BlockDevice device)
    {
        this.type = header.type;
        this.device = device;
        this.error = 0;
        this.replyDataBytes = 0;
        this.data = null;
        this.large = false;
        reply.putLong(8, header.handle);
    }

    /** A buffer of at least {@code bytes} for this request, position 0 and limit {@code bytes}. */
    ByteBuffer buffer(final int bytes, final ByteBuffer largeBuffer)
    {
        if (bytes > SMALL_BUFFER)
        {
            data = largeBuffer;
            large = true;
        }
        else
        {
            if (small == null)
            {
                small = ByteBuffer.allocateDirect(SMALL_BUFFER);
            }
            data = small;
        }
        data.clear().limit(bytes);
        return data;
    }

    /** Whether the request holds the connection's large buffer (the writer gives it back). */
    boolean holdsLargeBuffer()
    {
        return large;
    }

    /** Complete without I/O (a refused request): the reply carries {@code nbdError}. */
    void fail(final int nbdError)
    {
        error = nbdError;
        connection.completed(this);
    }

    void submitRead(final long offset, final int bytes)
    {
        replyDataBytes = bytes;
        bio.init(BioOp.READ, offset >>> Bio.SECTOR_SHIFT, bytes >>> Bio.SECTOR_SHIFT, data, 0, this, this);
        device.submit(bio);
    }

    void submitWrite(final long offset, final int bytes, final boolean fua)
    {
        bio.init(BioOp.WRITE, offset >>> Bio.SECTOR_SHIFT, bytes >>> Bio.SECTOR_SHIFT, data, 0, this, this)
            .flags(fua ? Bio.REQ_FUA : 0);
        device.submit(bio);
    }

    void submitTrim(final long offset, final long bytes, final boolean fua)
    {
        bio.init(BioOp.DISCARD, offset >>> Bio.SECTOR_SHIFT, (int) (bytes >>> Bio.SECTOR_SHIFT), null, 0, this, this)
            .flags(fua ? Bio.REQ_FUA : 0);
        device.submit(bio);
    }

    void submitFlush()
    {
        bio.init(BioOp.FLUSH, 0, 0, null, 0, this, this).flags(Bio.REQ_PREFLUSH);
        device.submit(bio);
    }

    void submitZeroes(final long offset, final long bytes, final boolean fua)
    {
        zeroNext = offset >>> Bio.SECTOR_SHIFT;
        zeroEnd = zeroNext + (bytes >>> Bio.SECTOR_SHIFT);
        zeroFlags = fua ? Bio.REQ_FUA : 0;
        nextZeroPieces();
    }

    /** Submit pieces until one completes on another thread or the last one is done (see the class comment). */
    private void nextZeroPieces()
    {
        while (true)
        {
            if (error != 0 || zeroNext == zeroEnd)
            {
                connection.completed(this);
                return;
            }
            final int sectors = (int) Math.min(zeroEnd - zeroNext, ZERO_PIECE >>> Bio.SECTOR_SHIFT);
            final long sector = zeroNext;
            zeroNext += sectors;
            zeroPhase.set(SUBMITTING);   // volatile write before the bio is handed over
            bio.init(BioOp.WRITE, sector, sectors, connection.zeros(), 0, this, this).flags(zeroFlags);
            device.submit(bio);
            if (zeroPhase.compareAndSet(SUBMITTING, RETURNED))
            {
                return;   // the completer drives the next piece
            }
            // completed inside submit: this loop goes on (the completer's CAS published its error)
        }
    }

    // ---- completion: any thread ----

    @Override
    public void endIo(final Bio done, final int status)
    {
        if (status != BlkStatus.OK && error == 0)
        {
            error = nbdError(status);
        }
        if (type == NbdProtocol.CMD_WRITE_ZEROES)
        {
            if (zeroPhase.compareAndSet(SUBMITTING, DONE))
            {
                return;   // the submitter is still in submit and will go on
            }
            nextZeroPieces();
            return;
        }
        connection.completed(this);
    }

    /** The NBD error for a block status. */
    static int nbdError(final int status)
    {
        switch (status)
        {
            case BlkStatus.OK: return 0;
            case BlkStatus.NOTSUPP: return NbdProtocol.ENOTSUP;
            case BlkStatus.NOSPC: return NbdProtocol.ENOSPC;
            case BlkStatus.RESOURCE: return NbdProtocol.ENOMEM;
            default: return NbdProtocol.EIO;
        }
    }

    // ---- writer thread: the reply ----

    /** The reply header, ready to write (position 0, limit 16). */
    ByteBuffer replyHeader()
    {
        reply.putInt(4, error);
        return reply.clear();
    }

    /** The READ data that follows the header, or null (an error reply carries none). */
    ByteBuffer replyData()
    {
        if (replyDataBytes == 0 || error != 0)
        {
            return null;
        }
        return data.clear().limit(replyDataBytes);
    }

    @Override
    public NbdRequest stackNext()
    {
        return stackNext;
    }

    @Override
    public void stackNext(final NbdRequest next)
    {
        stackNext = next;
    }
}
