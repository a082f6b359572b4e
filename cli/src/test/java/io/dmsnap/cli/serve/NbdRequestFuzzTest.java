package io.dmsnap.cli.serve;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dmsnap.engine.block.MemoryDevice;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzz target: the bytes an NBD client sends, through the handshake ({@link NbdHandshake}) and then
 * the request parser ({@link RequestParser}). A finding is an exception other than the handshake's
 * end of stream, an option reply that is not well formed, a request accepted (verdict 0) that
 * names a range outside the export, unaligned or longer than the payload limit, a command or flag
 * the export did not advertise, or an unknown verdict. Without JAZZER_FUZZ it runs the regression
 * inputs under src/test/resources (docs/fuzzing.md).
 */
final class NbdRequestFuzzTest
{
    /**
     * Input layout: byte 0 picks the export's geometry (bit 0: TRIM advertised; bit 1: FUA
     * advertised; bits 2-3: minimum block 512, 1024, 2048 or 4096); byte 1 the export size in MiB
     * (plus one); the rest is what the client sends from its flags on: options, then requests.
     * A request's WRITE payload is skipped as the server would read it.
     */
    @FuzzTest(maxDuration = "60s")
    void requests(final byte[] input) throws Exception
    {
        final int form = input.length > 0 ? input[0] : 0;
        final long size = ((input.length > 1 ? input[1] & 0xFF : 0) + 1L) << 20;
        final int min = 512 << ((form >> 2) & 3);
        final int flags = NbdProtocol.TFLAG_SEND_FLUSH | NbdProtocol.TFLAG_SEND_WRITE_ZEROES
            | ((form & 1) != 0 ? NbdProtocol.TFLAG_SEND_TRIM : 0) | ((form & 2) != 0 ? NbdProtocol.TFLAG_SEND_FUA : 0);
        final ExportGeometry geometry = new ExportGeometry(size, flags, min, Math.max(4096, min), NbdProtocol.MAX_PAYLOAD);
        final Export export = new Export("e", new MemoryDevice("e", size >>> 9), geometry, "fuzz");
        final ExportCatalog catalog = new OneExport(export);
        final ByteBuffer client = ByteBuffer.wrap(input, Math.min(2, input.length), Math.max(0, input.length - 2)).slice();
        final RecordingChannel channel = new RecordingChannel(client);
        final NbdHandshake.Outcome outcome;
        try
        {
            outcome = new NbdHandshake(channel, catalog).negotiate();
        }
        catch (final EOFException e)
        {
            checkReplies(channel.sent.flip());
            return;
        }
        checkReplies(channel.sent.flip());
        if (outcome.export == null)
        {
            assertTrue(outcome.reason != null && !outcome.reason.isBlank());
            return;
        }
        final ByteBuffer wire = ByteBuffer.allocate(NbdProtocol.REQUEST_BYTES);
        final RequestHeader header = new RequestHeader();
        while (client.remaining() >= NbdProtocol.REQUEST_BYTES)
        {
            wire.clear();
            wire.put(0, client, client.position(), NbdProtocol.REQUEST_BYTES);
            client.position(client.position() + NbdProtocol.REQUEST_BYTES);
            if (!RequestParser.decode(wire, header))
            {
                return;   // the server disconnects
            }
            final int verdict = RequestParser.check(header, geometry);
            checkVerdict(header, verdict, geometry);
            if (verdict == RequestParser.DISCONNECT || header.type == NbdProtocol.CMD_DISC)
            {
                return;
            }
            if (RequestParser.hasPayload(header, verdict))
            {
                client.position((int) Math.min(client.limit(), client.position() + header.lengthUnsigned()));
            }
        }
    }

    private static void checkVerdict(final RequestHeader r, final int verdict, final ExportGeometry g)
    {
        switch (verdict)
        {
            case RequestParser.DISCONNECT:
                assertEquals(NbdProtocol.CMD_WRITE, r.type, "only an oversized WRITE disconnects");
                assertTrue(r.lengthUnsigned() > g.maximumPayload());
                return;
            case NbdProtocol.EINVAL:
            case NbdProtocol.ENOSPC:
                return;
            case 0:
                break;
            default:
                fail("unknown verdict " + verdict + " for " + r);
        }
        final long len = r.lengthUnsigned();
        switch (r.type)
        {
            case NbdProtocol.CMD_FLUSH:
                assertTrue(len == 0 && r.offset == 0 && r.flags == 0, r::toString);
                return;
            case NbdProtocol.CMD_DISC:
                return;
            case NbdProtocol.CMD_READ:
            case NbdProtocol.CMD_WRITE:
                assertTrue(len <= g.maximumPayload(), r::toString);
                break;
            case NbdProtocol.CMD_TRIM:
                assertTrue(g.has(NbdProtocol.TFLAG_SEND_TRIM), r::toString);
                break;
            case NbdProtocol.CMD_WRITE_ZEROES:
                break;
            default:
                fail("accepted an unknown command: " + r);
        }
        if ((r.flags & NbdProtocol.CMD_FLAG_FUA) != 0)
        {
            assertTrue(g.has(NbdProtocol.TFLAG_SEND_FUA) && r.type != NbdProtocol.CMD_READ, r::toString);
        }
        assertTrue(len > 0 && r.offset >= 0 && r.offset % g.minimumBlock() == 0 && len % g.minimumBlock() == 0,
            r::toString);
        assertTrue(r.offset + len <= g.sizeBytes(), r::toString);
    }

    /** Every option reply: magic, a known reply type, a length that fits. The greeting comes first. */
    private static void checkReplies(final ByteBuffer sent)
    {
        assertEquals(NbdProtocol.NBDMAGIC, sent.getLong());
        sent.position(18);
        while (sent.remaining() >= 20)
        {
            final long magic = sent.getLong();
            if (magic != NbdProtocol.OPTION_REPLY_MAGIC)
            {
                // EXPORT_NAME's reply (size, flags, maybe zeroes) ends the negotiation
                assertTrue(sent.remaining() == 2 || sent.remaining() == 126, "stray bytes after the replies");
                return;
            }
            sent.getInt();
            final int type = sent.getInt();
            assertTrue(type == NbdProtocol.REP_ACK || type == NbdProtocol.REP_SERVER || type == NbdProtocol.REP_INFO
                || type < 0, "reply type " + type);
            final int length = sent.getInt();
            assertTrue(length >= 0 && length <= sent.remaining(), "reply length " + length);
            sent.position(sent.position() + length);
        }
        assertTrue(sent.remaining() == 0 || sent.remaining() == 10 || sent.remaining() == 134,
            "a truncated reply: " + sent.remaining() + " bytes");
    }

    /** The client's bytes to read, and what the server wrote. */
    private static final class RecordingChannel implements ByteChannel
    {
        private final ByteBuffer in;
        final ByteBuffer sent = ByteBuffer.allocate(1 << 20);

        RecordingChannel(final ByteBuffer in)
        {
            this.in = in;
        }

        @Override
        public int read(final ByteBuffer dst)
        {
            if (!in.hasRemaining())
            {
                return -1;
            }
            final int n = Math.min(dst.remaining(), in.remaining());
            dst.put(dst.position(), in, in.position(), n);
            dst.position(dst.position() + n);
            in.position(in.position() + n);
            return n;
        }

        @Override
        public int write(final ByteBuffer src) throws IOException
        {
            final int n = src.remaining();
            if (n > sent.remaining())
            {
                // a long option session: keep the newest replies' room by dropping the check
                sent.clear();
                sent.putLong(NbdProtocol.NBDMAGIC).position(18);
            }
            sent.put(src);
            return n;
        }

        @Override
        public boolean isOpen()
        {
            return true;
        }

        @Override
        public void close()
        {
        }
    }
}
