package io.dmsnap.cli.serve;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The control socket's wire format, one request per connection. Request: an int count of
 * arguments, then each argument as an int byte length and its UTF-8 bytes ({@code dmsetup}'s argv,
 * the table text inline). Reply: an int status (0 success, {@link #BAD_REQUEST}, otherwise the errno of the failed verb) and
 * the output text (int length, UTF-8). Ints are big-endian. Bounds: 64 arguments, 1 MiB in all.
 */
final class ControlProtocol
{
    static final int MAX_ARGS = 64;
    /** Reply status of a request the server could not make sense of (bad verb or arguments): a usage error. */
    static final int BAD_REQUEST = -1;
    static final int MAX_BYTES = 1 << 20;

    private ControlProtocol()
    {
    }

    static void writeRequest(final DataOutputStream out, final List<String> args) throws IOException
    {
        out.writeInt(args.size());
        for (final String a : args)
        {
            writeText(out, a);
        }
        out.flush();
    }

    static List<String> readRequest(final DataInputStream in) throws IOException
    {
        final int n = in.readInt();
        if (n < 0 || n > MAX_ARGS)
        {
            throw new IOException("bad argument count " + n);
        }
        final List<String> args = new ArrayList<>(n);
        int total = 0;
        for (int i = 0; i < n; i++)
        {
            final String a = readText(in, MAX_BYTES - total);
            total += a.length();
            args.add(a);
        }
        return args;
    }

    static void writeReply(final DataOutputStream out, final int status, final String text) throws IOException
    {
        out.writeInt(status);
        writeText(out, text);
        out.flush();
    }

    /** Reads a reply: element 0 is the status as text, element 1 the output. */
    static String[] readReply(final DataInputStream in) throws IOException
    {
        final int status = in.readInt();
        return new String[] {Integer.toString(status), readText(in, MAX_BYTES)};
    }

    private static void writeText(final DataOutputStream out, final String text) throws IOException
    {
        final byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readText(final DataInputStream in, final int limit) throws IOException
    {
        final int len = in.readInt();
        if (len < 0 || len > limit)
        {
            throw new IOException("bad text length " + len);
        }
        final byte[] b = new byte[len];
        try
        {
            in.readFully(b);
        }
        catch (final EOFException e)
        {
            throw new IOException("truncated request", e);
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
