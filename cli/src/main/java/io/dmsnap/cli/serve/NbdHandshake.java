package io.dmsnap.cli.serve;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import static io.dmsnap.cli.serve.NbdProtocol.*;

/**
 * The fixed newstyle negotiation on one connection, up to the start of transmission: the greeting,
 * the client flags, then options until EXPORT_NAME or a successful GO (or ABORT, or the client
 * leaving). Runs on the connection's thread before any request; it allocates freely (once per
 * connection). Every option's data is read whole before it is answered, so the stream stays in
 * step whatever the option; an option longer than {@link NbdProtocol#MAX_OPTION_BYTES}, a bad
 * option magic or unknown client flags end the connection.
 *
 * <p>Structured replies are declined (NBD_REP_ERR_UNSUP): every reply is a simple reply.
 * NBD_INFO_BLOCK_SIZE is always sent with INFO and GO, since the devices take no I/O smaller than a
 * sector.
 */
final class NbdHandshake
{
    /** The end of a negotiation. */
    static final class Outcome
    {
        final Export export;
        final String reason;

        private Outcome(final Export export, final String reason)
        {
            this.export = export;
            this.reason = reason;
        }
    }

    private final ByteChannel channel;
    private final ExportCatalog catalog;
    private boolean noZeroes;

    NbdHandshake(final ByteChannel channel, final ExportCatalog catalog)
    {
        this.channel = channel;
        this.catalog = catalog;
    }

    /** Negotiate; the outcome names the export to serve, or says why there is none (the connection then closes). */
    Outcome negotiate() throws IOException
    {
        final ByteBuffer greeting = ByteBuffer.allocate(18);
        greeting.putLong(NBDMAGIC).putLong(IHAVEOPT).putShort((short) (FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES)).flip();
        writeFully(greeting);
        final int clientFlags = readFully(4).getInt();
        if ((clientFlags & ~(CLIENT_FLAG_FIXED_NEWSTYLE | CLIENT_FLAG_NO_ZEROES)) != 0)
        {
            return new Outcome(null, "unknown client flags 0x" + Integer.toHexString(clientFlags));
        }
        noZeroes = (clientFlags & CLIENT_FLAG_NO_ZEROES) != 0;
        while (true)
        {
            final ByteBuffer head = readFully(16);
            if (head.getLong() != IHAVEOPT)
            {
                return new Outcome(null, "bad option magic");
            }
            final int option = head.getInt();
            final long length = Integer.toUnsignedLong(head.getInt());
            if (length > MAX_OPTION_BYTES)
            {
                return new Outcome(null, "option " + option + " of " + length + " bytes is too long");
            }
            final ByteBuffer data = readFully((int) length);
            switch (option)
            {
                case OPT_EXPORT_NAME:
                {
                    final String name = decodeName(data, (int) length);
                    final Export export = name == null ? null : catalog.find(name);
                    if (export == null)
                    {
                        return new Outcome(null, "EXPORT_NAME of an unknown export");
                    }
                    final ByteBuffer reply = ByteBuffer.allocate(noZeroes ? 10 : 134);
                    reply.putLong(export.geometry().sizeBytes()).putShort((short) export.geometry().transmissionFlags());
                    reply.position(reply.capacity()).flip();
                    writeFully(reply);
                    return new Outcome(export, null);
                }
                case OPT_ABORT:
                    reply(option, REP_ACK, null);
                    return new Outcome(null, "the client aborted");
                case OPT_LIST:
                    if (length != 0)
                    {
                        replyError(option, REP_ERR_INVALID, "LIST takes no data");
                        break;
                    }
                    for (final String name : catalog.names())
                    {
                        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
                        reply(option, REP_SERVER, ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).flip());
                    }
                    reply(option, REP_ACK, null);
                    break;
                case OPT_INFO:
                case OPT_GO:
                {
                    final Export export = infoOrGo(option, data);
                    if (export != null && option == OPT_GO)
                    {
                        return new Outcome(export, null);
                    }
                    break;
                }
                case OPT_STRUCTURED_REPLY:
                    replyError(option, REP_ERR_UNSUP, "structured replies are not supported: simple replies only");
                    break;
                default:
                    replyError(option, REP_ERR_UNSUP, "option " + option + " is not supported");
                    break;
            }
        }
    }

    /** INFO or GO: the export's information and ACK, or an error reply (then null). */
    private Export infoOrGo(final int option, final ByteBuffer data) throws IOException
    {
        if (data.remaining() < 6)
        {
            replyError(option, REP_ERR_INVALID, "too short");
            return null;
        }
        final long nameLength = Integer.toUnsignedLong(data.getInt());
        if (nameLength > MAX_NAME_BYTES || nameLength + 2 > data.remaining())
        {
            replyError(option, REP_ERR_INVALID, "bad name length");
            return null;
        }
        final ByteBuffer nameBytes = data.slice(data.position(), (int) nameLength);
        data.position(data.position() + (int) nameLength);
        final int requests = Short.toUnsignedInt(data.getShort());
        if (data.remaining() != 2 * requests)
        {
            replyError(option, REP_ERR_INVALID, "bad number of information requests");
            return null;
        }
        final String name = decodeName(nameBytes, (int) nameLength);
        if (name == null)
        {
            replyError(option, REP_ERR_INVALID, "export name is not UTF-8");
            return null;
        }
        final Export export = catalog.find(name);
        if (export == null)
        {
            replyError(option, REP_ERR_UNKNOWN, "no export called '" + name + "'; exports: "
                + String.join(", ", catalog.names()));
            return null;
        }
        boolean wantName = false;
        boolean wantDescription = false;
        while (data.hasRemaining())
        {
            final int info = Short.toUnsignedInt(data.getShort());
            wantName |= info == INFO_NAME;
            wantDescription |= info == INFO_DESCRIPTION;
        }
        final ExportGeometry g = export.geometry();
        reply(option, REP_INFO, ByteBuffer.allocate(12).putShort((short) INFO_EXPORT).putLong(g.sizeBytes())
            .putShort((short) g.transmissionFlags()).flip());
        if (wantName)
        {
            final byte[] bytes = export.name().getBytes(StandardCharsets.UTF_8);
            reply(option, REP_INFO, ByteBuffer.allocate(2 + bytes.length).putShort((short) INFO_NAME).put(bytes).flip());
        }
        if (wantDescription)
        {
            final byte[] bytes = export.description().getBytes(StandardCharsets.UTF_8);
            reply(option, REP_INFO, ByteBuffer.allocate(2 + bytes.length).putShort((short) INFO_DESCRIPTION).put(bytes)
                .flip());
        }
        reply(option, REP_INFO, ByteBuffer.allocate(14).putShort((short) INFO_BLOCK_SIZE).putInt(g.minimumBlock())
            .putInt(g.preferredBlock()).putInt(g.maximumPayload()).flip());
        reply(option, REP_ACK, null);
        return export;
    }

    private static String decodeName(final ByteBuffer bytes, final int length)
    {
        if (length > MAX_NAME_BYTES)
        {
            return null;
        }
        try
        {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes.duplicate()).toString();
        }
        catch (final CharacterCodingException e)
        {
            return null;
        }
    }

    private void replyError(final int option, final int error, final String message) throws IOException
    {
        reply(option, error, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
    }

    private void reply(final int option, final int type, final ByteBuffer data) throws IOException
    {
        final int length = data == null ? 0 : data.remaining();
        final ByteBuffer head = ByteBuffer.allocate(20);
        head.putLong(OPTION_REPLY_MAGIC).putInt(option).putInt(type).putInt(length).flip();
        writeFully(head);
        if (data != null)
        {
            writeFully(data);
        }
    }

    private ByteBuffer readFully(final int length) throws IOException
    {
        final ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining())
        {
            if (channel.read(buf) < 0)
            {
                throw new EOFException("the client closed the connection during the handshake");
            }
        }
        return buf.flip();
    }

    private void writeFully(final ByteBuffer buf) throws IOException
    {
        while (buf.hasRemaining())
        {
            channel.write(buf);
        }
    }
}
