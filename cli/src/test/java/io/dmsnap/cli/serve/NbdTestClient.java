package io.dmsnap.cli.serve;

import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A small NBD client for the protocol tests: it speaks the handshake and the transmission phase
 * byte by byte (no library), so a test can send exactly what it wants, malformed requests included.
 */
final class NbdTestClient implements AutoCloseable
{
    /** A simple reply as read off the wire. */
    static final class Reply
    {
        final int error;
        final long handle;

        Reply(final int error, final long handle)
        {
            this.error = error;
            this.handle = handle;
        }
    }

    /** An option reply: its type and data. */
    static final class OptionReply
    {
        final int option;
        final int type;
        final ByteBuffer data;

        OptionReply(final int option, final int type, final ByteBuffer data)
        {
            this.option = option;
            this.type = type;
            this.data = data;
        }
    }

    final SocketChannel channel;
    long size;
    int flags;

    private NbdTestClient(final SocketChannel channel)
    {
        this.channel = channel;
    }

    /** Connect and read the greeting; sends the client flags. */
    static NbdTestClient connect(final Path socket, final int clientFlags) throws IOException
    {
        final NbdTestClient c = new NbdTestClient(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
        final ByteBuffer greeting = c.read(18);
        if (greeting.getLong() != NbdProtocol.NBDMAGIC || greeting.getLong() != NbdProtocol.IHAVEOPT)
        {
            throw new IOException("bad greeting");
        }
        c.write(ByteBuffer.allocate(4).putInt(clientFlags).flip());
        return c;
    }

    /** Connect and GO to {@code export}; fails when the server refuses. */
    static NbdTestClient open(final Path socket, final String export) throws IOException
    {
        final NbdTestClient c = connect(socket, NbdProtocol.CLIENT_FLAG_FIXED_NEWSTYLE | NbdProtocol.CLIENT_FLAG_NO_ZEROES);
        c.sendOption(NbdProtocol.OPT_GO, goData(export, new int[] {NbdProtocol.INFO_BLOCK_SIZE}));
        while (true)
        {
            final OptionReply r = c.readOptionReply();
            if (r.type == NbdProtocol.REP_ACK)
            {
                return c;
            }
            if (r.type != NbdProtocol.REP_INFO)
            {
                c.close();
                throw new IOException("GO refused: type 0x" + Integer.toHexString(r.type));
            }
            if (r.data.getShort(0) == NbdProtocol.INFO_EXPORT)
            {
                c.size = r.data.getLong(2);
                c.flags = Short.toUnsignedInt(r.data.getShort(10));
            }
        }
    }

    static ByteBuffer goData(final String export, final int[] infos)
    {
        final byte[] name = export.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer b = ByteBuffer.allocate(4 + name.length + 2 + 2 * infos.length);
        b.putInt(name.length).put(name).putShort((short) infos.length);
        for (final int i : infos)
        {
            b.putShort((short) i);
        }
        return b.flip();
    }

    void sendOption(final int option, final ByteBuffer data) throws IOException
    {
        final ByteBuffer head = ByteBuffer.allocate(16).putLong(NbdProtocol.IHAVEOPT).putInt(option)
            .putInt(data.remaining()).flip();
        write(head);
        write(data);
    }

    OptionReply readOptionReply() throws IOException
    {
        final ByteBuffer head = read(20);
        if (head.getLong() != NbdProtocol.OPTION_REPLY_MAGIC)
        {
            throw new IOException("bad option reply magic");
        }
        final int option = head.getInt();
        final int type = head.getInt();
        final int length = head.getInt();
        return new OptionReply(option, type, read(length));
    }

    void request(final int type, final int cmdFlags, final long handle, final long offset, final int length)
        throws IOException
    {
        write(ByteBuffer.allocate(28).putInt(NbdProtocol.REQUEST_MAGIC).putShort((short) cmdFlags)
            .putShort((short) type).putLong(handle).putLong(offset).putInt(length).flip());
    }

    void write(final long handle, final long offset, final byte[] data) throws IOException
    {
        request(NbdProtocol.CMD_WRITE, 0, handle, offset, data.length);
        write(ByteBuffer.wrap(data));
    }

    Reply reply() throws IOException
    {
        final ByteBuffer r = read(16);
        if (r.getInt() != NbdProtocol.SIMPLE_REPLY_MAGIC)
        {
            throw new IOException("bad reply magic");
        }
        return new Reply(r.getInt(), r.getLong());
    }

    /** A READ's reply and data (none on error). */
    byte[] read(final long handle, final long offset, final int length) throws IOException
    {
        request(NbdProtocol.CMD_READ, 0, handle, offset, length);
        final Reply r = reply();
        if (r.error != 0)
        {
            throw new IOException("read error " + r.error);
        }
        final byte[] out = new byte[length];
        read(length).get(out);
        return out;
    }

    ByteBuffer read(final int length) throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining())
        {
            if (channel.read(b) < 0)
            {
                throw new EOFException("server closed the connection");
            }
        }
        return b.flip();
    }

    void write(final ByteBuffer b) throws IOException
    {
        while (b.hasRemaining())
        {
            channel.write(b);
        }
    }

    /** Whether the server closed the connection (the next read sees end of stream). */
    boolean closedByServer() throws IOException
    {
        final ByteBuffer one = ByteBuffer.allocate(1);
        try
        {
            return channel.read(one) < 0;
        }
        catch (final IOException e)
        {
            return true;
        }
    }

    @Override
    public void close() throws IOException
    {
        channel.close();
    }
}
