package io.dmsnap.cli.serve;

import java.nio.ByteBuffer;

import static io.dmsnap.cli.serve.NbdProtocol.CMD_DISC;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_FLAG_FUA;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_FLAG_NO_HOLE;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_FLUSH;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_READ;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_TRIM;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_WRITE;
import static io.dmsnap.cli.serve.NbdProtocol.CMD_WRITE_ZEROES;
import static io.dmsnap.cli.serve.NbdProtocol.EINVAL;
import static io.dmsnap.cli.serve.NbdProtocol.ENOSPC;
import static io.dmsnap.cli.serve.NbdProtocol.REQUEST_BYTES;
import static io.dmsnap.cli.serve.NbdProtocol.REQUEST_MAGIC;
import static io.dmsnap.cli.serve.NbdProtocol.TFLAG_SEND_FUA;
import static io.dmsnap.cli.serve.NbdProtocol.TFLAG_SEND_TRIM;
import static io.dmsnap.cli.serve.NbdProtocol.TFLAG_SEND_WRITE_ZEROES;

/**
 * Decodes a transmission request header and decides what the server does with it, without I/O:
 * the part of the server a client controls byte for byte, kept pure so that it can be fuzzed.
 *
 * <p>The verdict of {@link #check}: {@link #DISCONNECT} when the stream cannot be trusted any more
 * (a bad magic: the request boundaries are lost; a WRITE whose payload exceeds the maximum: the
 * server will not buffer it), otherwise an NBD error number to reply with, 0 to execute the
 * request. A WRITE with any other error still carries its payload, which the connection reads and
 * drops before replying, so the stream stays in step.
 */
final class RequestParser
{
    /** Verdict: end the connection without a reply. */
    static final int DISCONNECT = -1;

    private RequestParser()
    {
    }

    /**
     * Decode the {@link NbdProtocol#REQUEST_BYTES} bytes at absolute index 0 of {@code wire}
     * (big-endian; the buffer's position and limit are not used) into {@code out}. Returns false
     * when the magic is wrong, in which case {@code out} is unchanged.
     */
    static boolean decode(final ByteBuffer wire, final RequestHeader out)
    {
        if (wire.capacity() < REQUEST_BYTES || wire.getInt(0) != REQUEST_MAGIC)
        {
            return false;
        }
        out.flags = Short.toUnsignedInt(wire.getShort(4));
        out.type = Short.toUnsignedInt(wire.getShort(6));
        out.handle = wire.getLong(8);
        out.offset = wire.getLong(16);
        out.length = wire.getInt(24);
        return true;
    }

    /** The verdict on a decoded request for an export of {@code geometry} (see the class comment). */
    static int check(final RequestHeader r, final ExportGeometry geometry)
    {
        final long length = r.lengthUnsigned();
        switch (r.type)
        {
            case CMD_READ:
                if (r.flags != 0)
                {
                    return EINVAL;
                }
                if (length > geometry.maximumPayload())
                {
                    return EINVAL;
                }
                return checkRange(r, length, geometry, EINVAL);
            case CMD_WRITE:
                if (length > geometry.maximumPayload())
                {
                    return DISCONNECT;
                }
                if ((r.flags & ~CMD_FLAG_FUA) != 0 || (r.flags & CMD_FLAG_FUA) != 0 && !geometry.has(TFLAG_SEND_FUA))
                {
                    return EINVAL;
                }
                return checkRange(r, length, geometry, ENOSPC);
            case CMD_TRIM:
                if (!geometry.has(TFLAG_SEND_TRIM) || (r.flags & ~CMD_FLAG_FUA) != 0)
                {
                    return EINVAL;
                }
                return checkRange(r, length, geometry, ENOSPC);
            case CMD_WRITE_ZEROES:
                if (!geometry.has(TFLAG_SEND_WRITE_ZEROES) || (r.flags & ~(CMD_FLAG_FUA | CMD_FLAG_NO_HOLE)) != 0)
                {
                    return EINVAL;
                }
                return checkRange(r, length, geometry, ENOSPC);
            case CMD_FLUSH:
                return r.flags == 0 && r.offset == 0 && length == 0 ? 0 : EINVAL;
            case CMD_DISC:
                return 0;
            default:
                return EINVAL;
        }
    }

    /**
     * Offset and length aligned to the minimum block, not empty, inside the export; {@code beyond}
     * is the error for a range past the end (the protocol asks ENOSPC for writes, EINVAL for reads).
     */
    private static int checkRange(final RequestHeader r, final long length, final ExportGeometry geometry,
                                  final int beyond)
    {
        final long block = geometry.minimumBlock();
        if (length == 0 || r.offset < 0 || (r.offset & (block - 1)) != 0 || (length & (block - 1)) != 0)
        {
            return EINVAL;
        }
        if (r.offset > geometry.sizeBytes() || length > geometry.sizeBytes() - r.offset)
        {
            return beyond;
        }
        return 0;
    }

    /** Whether a request of this verdict carries a payload the connection must read off the wire. */
    static boolean hasPayload(final RequestHeader r, final int verdict)
    {
        return r.type == CMD_WRITE && verdict != DISCONNECT;
    }
}
