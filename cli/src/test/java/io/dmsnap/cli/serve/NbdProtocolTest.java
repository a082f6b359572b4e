package io.dmsnap.cli.serve;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.dmsnap.cli.serve.NbdProtocol.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The NBD protocol of {@code dmsnap serve}, byte by byte, through {@link NbdTestClient}. */
final class NbdProtocolTest
{
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private ServeFixture server;

    @BeforeEach
    void start() throws IOException
    {
        server = new ServeFixture(dir, ServeFixture.demoTable(8) + "blackhole\n0 2048 linear null:1m 0\n");
    }

    @AfterEach
    void stop()
    {
        server.close();
    }

    @Test
    void listNamesEveryExportInCreationOrder() throws IOException
    {
        try (NbdTestClient c = NbdTestClient.connect(server.socket, CLIENT_FLAG_FIXED_NEWSTYLE))
        {
            c.sendOption(OPT_LIST, ByteBuffer.allocate(0));
            final List<String> names = new ArrayList<>();
            NbdTestClient.OptionReply r;
            while ((r = c.readOptionReply()).type == REP_SERVER)
            {
                final byte[] name = new byte[r.data.getInt()];
                r.data.get(name);
                names.add(new String(name, StandardCharsets.UTF_8));
            }
            assertEquals(REP_ACK, r.type);
            assertEquals(List.of("origin", "snapshot", "raw", "blackhole"), names);
            c.sendOption(OPT_LIST, ByteBuffer.allocate(3));
            assertEquals(REP_ERR_INVALID, c.readOptionReply().type, "LIST with data");
        }
    }

    @Test
    void infoGivesSizeFlagsAndBlockSizes() throws IOException
    {
        try (NbdTestClient c = NbdTestClient.connect(server.socket, CLIENT_FLAG_FIXED_NEWSTYLE))
        {
            c.sendOption(OPT_INFO, NbdTestClient.goData("origin", new int[] {INFO_BLOCK_SIZE, INFO_NAME, INFO_DESCRIPTION}));
            int export = -1;
            int[] blocks = null;
            String name = null;
            String description = null;
            NbdTestClient.OptionReply r;
            while ((r = c.readOptionReply()).type == REP_INFO)
            {
                switch (r.data.getShort())
                {
                    case INFO_EXPORT:
                        assertEquals(8L * MIB, r.data.getLong());
                        export = Short.toUnsignedInt(r.data.getShort());
                        break;
                    case INFO_BLOCK_SIZE:
                        blocks = new int[] {r.data.getInt(), r.data.getInt(), r.data.getInt()};
                        break;
                    case INFO_NAME:
                        name = StandardCharsets.UTF_8.decode(r.data).toString();
                        break;
                    default:
                        description = StandardCharsets.UTF_8.decode(r.data).toString();
                        break;
                }
            }
            assertEquals(REP_ACK, r.type);
            assertEquals("origin", name);
            assertEquals("dmsnap snapshot-origin", description);
            assertArrayEquals(new int[] {512, 4096, MAX_PAYLOAD}, blocks);
            assertEquals(0, export & TFLAG_SEND_TRIM, "the origin takes no discards");
            assertTrue((export & TFLAG_SEND_FLUSH) != 0 && (export & TFLAG_SEND_FUA) != 0
                && (export & TFLAG_SEND_WRITE_ZEROES) != 0 && (export & TFLAG_CAN_MULTI_CONN) != 0);

            c.sendOption(OPT_INFO, NbdTestClient.goData("nosuch", new int[0]));
            assertEquals(REP_ERR_UNKNOWN, c.readOptionReply().type);
            c.sendOption(OPT_GO, ByteBuffer.allocate(7).putInt(100).flip());
            assertEquals(REP_ERR_INVALID, c.readOptionReply().type, "a name longer than the option");
            c.sendOption(OPT_STRUCTURED_REPLY, ByteBuffer.allocate(0));
            assertEquals(REP_ERR_UNSUP, c.readOptionReply().type);
            c.sendOption(99, ByteBuffer.allocate(5));
            assertEquals(REP_ERR_UNSUP, c.readOptionReply().type);
            c.sendOption(OPT_ABORT, ByteBuffer.allocate(0));
            assertEquals(REP_ACK, c.readOptionReply().type);
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void flagsFollowEachTarget() throws IOException
    {
        try (NbdTestClient raw = NbdTestClient.open(server.socket, "raw");
             NbdTestClient snap = NbdTestClient.open(server.socket, "snapshot");
             NbdTestClient hole = NbdTestClient.open(server.socket, "blackhole"))
        {
            assertTrue((raw.flags & TFLAG_SEND_TRIM) != 0, "a linear target over memory takes discards");
            assertEquals(0, snap.flags & TFLAG_SEND_TRIM, "a snapshot without discard features takes none");
            assertEquals(0, hole.flags & TFLAG_CAN_MULTI_CONN, "a null device keeps nothing a flush could make durable");
            assertTrue((raw.flags & TFLAG_CAN_MULTI_CONN) != 0);
        }
    }

    @Test
    void exportNameStartsTransmissionWithTheZeroesUnlessRefused() throws IOException
    {
        try (NbdTestClient c = NbdTestClient.connect(server.socket, CLIENT_FLAG_FIXED_NEWSTYLE))
        {
            c.sendOption(OPT_EXPORT_NAME, ByteBuffer.wrap("raw".getBytes(StandardCharsets.UTF_8)));
            final ByteBuffer reply = c.read(134);
            assertEquals(8L * MIB, reply.getLong());
            assertTrue((reply.getShort() & TFLAG_HAS_FLAGS) != 0);
            for (int i = 0; i < 124; i++)
            {
                assertEquals(0, reply.get());
            }
            c.request(CMD_FLUSH, 0, 7, 0, 0);
            assertEquals(0, c.reply().error);
        }
        try (NbdTestClient c = NbdTestClient.connect(server.socket, CLIENT_FLAG_FIXED_NEWSTYLE))
        {
            c.sendOption(OPT_EXPORT_NAME, ByteBuffer.wrap("nosuch".getBytes(StandardCharsets.UTF_8)));
            assertTrue(c.closedByServer(), "an unknown EXPORT_NAME can only be answered by closing");
        }
    }

    @Test
    void everyCommandOnTheSnapshotAndTheOrigin() throws IOException
    {
        final Random random = new Random(16);
        final byte[] before = new byte[64 << 10];
        random.nextBytes(before);
        final byte[] after = new byte[64 << 10];
        random.nextBytes(after);
        try (NbdTestClient origin = NbdTestClient.open(server.socket, "origin");
             NbdTestClient snap = NbdTestClient.open(server.socket, "snapshot"))
        {
            origin.write(1, 4096, before);
            assertEquals(0, origin.reply().error);
            // the origin changes after the snapshot saw it: the snapshot keeps the old data (copy-out)
            origin.request(CMD_WRITE, CMD_FLAG_FUA, 2, 4096, after.length);
            origin.write(ByteBuffer.wrap(after));
            assertEquals(0, origin.reply().error);
            assertArrayEquals(after, origin.read(3, 4096, after.length));
            assertArrayEquals(new byte[after.length], snap.read(4, 4096, after.length),
                "the snapshot was taken before either write");

            snap.write(5, 0, before);
            assertEquals(0, snap.reply().error);
            assertArrayEquals(before, snap.read(6, 0, before.length));

            // WRITE_ZEROES over several 1 MiB pieces, then everything reads zero
            snap.request(CMD_WRITE_ZEROES, CMD_FLAG_NO_HOLE, 7, 0, 3 * MIB + 4096);
            assertEquals(0, snap.reply().error);
            assertArrayEquals(new byte[before.length], snap.read(8, 0, before.length));

            snap.request(CMD_FLUSH, 0, 9, 0, 0);
            assertEquals(0, snap.reply().error);
            snap.request(CMD_TRIM, 0, 10, 0, 4096);
            assertEquals(EINVAL, snap.reply().error, "TRIM is not advertised on the snapshot");
            origin.request(CMD_TRIM, 0, 11, 0, 4096);
            assertEquals(EINVAL, origin.reply().error, "TRIM is not advertised on the origin");
            snap.request(CMD_DISC, 0, 12, 0, 0);
            assertTrue(snap.closedByServer());
        }
        try (NbdTestClient raw = NbdTestClient.open(server.socket, "raw"))
        {
            raw.write(1, 0, before);
            assertEquals(0, raw.reply().error);
            raw.request(CMD_TRIM, CMD_FLAG_FUA, 2, 0, before.length);
            assertEquals(0, raw.reply().error);
            assertArrayEquals(new byte[before.length], raw.read(3, 0, before.length), "a discard on memory zeroes");
        }
    }

    @Test
    void pipelinedRequestsAreAllAnsweredOnceByHandle() throws IOException
    {
        final int n = 500;
        try (NbdTestClient c = NbdTestClient.open(server.socket, "snapshot"))
        {
            final byte[] block = new byte[4096];
            for (int i = 0; i < n; i++)
            {
                block[0] = (byte) i;
                c.write(1000 + i, (long) (i % 256) * 4096 * 7, block);   // more requests than slots
            }
            final Set<Long> handles = new HashSet<>();
            for (int i = 0; i < n; i++)
            {
                final NbdTestClient.Reply r = c.reply();
                assertEquals(0, r.error);
                assertTrue(handles.add(r.handle), "handle " + r.handle + " answered twice");
            }
            assertEquals(n, handles.size());
            assertTrue(handles.contains(1000L) && handles.contains(1000L + n - 1));
        }
    }

    @Test
    void anotherConnectionSeesAFlushedWrite() throws IOException
    {
        final byte[] data = "multi-conn".repeat(100).substring(0, 512).getBytes(StandardCharsets.US_ASCII);
        try (NbdTestClient a = NbdTestClient.open(server.socket, "origin");
             NbdTestClient b = NbdTestClient.open(server.socket, "origin"))
        {
            a.write(1, 8 * MIB - 512, data);
            assertEquals(0, a.reply().error);
            a.request(CMD_FLUSH, 0, 2, 0, 0);
            assertEquals(0, a.reply().error);
            assertArrayEquals(data, b.read(3, 8 * MIB - 512, 512));
        }
    }

    @Test
    void badRequestsGetErrorsAndTheConnectionGoesOn() throws IOException
    {
        try (NbdTestClient c = NbdTestClient.open(server.socket, "raw"))
        {
            c.request(CMD_READ, 0, 1, 100, 512);
            assertEquals(EINVAL, c.reply().error, "unaligned offset");
            c.request(CMD_READ, 0, 2, 0, 100);
            assertEquals(EINVAL, c.reply().error, "unaligned length");
            c.request(CMD_READ, 0, 3, 0, 0);
            assertEquals(EINVAL, c.reply().error, "empty read");
            c.request(CMD_READ, 0, 4, 8 * MIB, 512);
            assertEquals(EINVAL, c.reply().error, "read past the end");
            c.request(CMD_READ, 0, 5, -512, 512);
            assertEquals(EINVAL, c.reply().error, "offset of 2^64 - 512");
            c.request(CMD_READ, 0, 6, 0, MAX_PAYLOAD + 512);
            assertEquals(EINVAL, c.reply().error, "read over 32 MiB");
            c.request(CMD_READ, CMD_FLAG_FUA, 7, 0, 512);
            assertEquals(EINVAL, c.reply().error, "FUA on a read");
            c.write(8, 8 * MIB - 512, new byte[1024]);
            assertEquals(ENOSPC, c.reply().error, "write past the end, its payload read and dropped");
            c.request(CMD_WRITE, 1 << 6, 9, 0, 512);
            c.write(ByteBuffer.allocate(512));
            assertEquals(EINVAL, c.reply().error, "unknown command flag");
            c.request(5, 0, 10, 0, 512);
            assertEquals(EINVAL, c.reply().error, "CACHE is not advertised");
            c.request(77, 0, 11, 0, 0);
            assertEquals(EINVAL, c.reply().error, "unknown command");
            c.request(CMD_FLUSH, 0, 12, 4096, 0);
            assertEquals(EINVAL, c.reply().error, "FLUSH with an offset");
            c.request(CMD_WRITE_ZEROES, 0, 13, 0, 0);
            assertEquals(EINVAL, c.reply().error, "empty WRITE_ZEROES");
            final byte[] ok = new byte[4096];
            ok[0] = 42;
            c.write(14, 0, ok);
            assertEquals(0, c.reply().error);
            assertArrayEquals(ok, c.read(15, 0, 4096), "the connection still works");
        }
    }

    @Test
    void aWriteOverTheLimitOrABadMagicEndsTheConnection() throws IOException
    {
        try (NbdTestClient c = NbdTestClient.open(server.socket, "raw"))
        {
            c.request(CMD_WRITE, 0, 1, 0, MAX_PAYLOAD + 4096);
            assertTrue(c.closedByServer());
        }
        try (NbdTestClient c = NbdTestClient.open(server.socket, "raw"))
        {
            c.write(ByteBuffer.allocate(28).putInt(0, 0x12345678));
            assertTrue(c.closedByServer());
        }
        try (NbdTestClient c = NbdTestClient.open(server.socket, "raw"))
        {
            c.request(CMD_WRITE, 0, 1, 0, 4096);
            c.write(ByteBuffer.allocate(100));   // the client goes away inside the payload
        }
        try (NbdTestClient c = NbdTestClient.open(server.socket, "raw"))
        {
            // a write of exactly the maximum is served (through the connection's large buffer)
            final byte[] big = new byte[MAX_PAYLOAD];
            big[MAX_PAYLOAD - 1] = 9;
            c.request(CMD_WRITE, 0, 1, 0, MAX_PAYLOAD);
            c.write(ByteBuffer.wrap(big));
            assertEquals(ENOSPC, c.reply().error, "32 MiB do not fit an 8 MiB export");
            c.write(2, 0, java.util.Arrays.copyOf(big, 4 * MIB));
            assertEquals(0, c.reply().error);
            assertEquals(4 * MIB, c.read(3, 0, 4 * MIB).length);
        }
    }

    @Test
    void malformedHandshakesEndTheConnection() throws IOException
    {
        try (NbdTestClient c = NbdTestClient.connect(server.socket, 1 << 7))
        {
            assertTrue(c.closedByServer(), "unknown client flags");
        }
        try (NbdTestClient c = NbdTestClient.connect(server.socket, CLIENT_FLAG_FIXED_NEWSTYLE))
        {
            c.write(ByteBuffer.allocate(16).putLong(0x1122334455667788L).putInt(OPT_LIST).putInt(0).flip());
            assertTrue(c.closedByServer(), "bad option magic");
        }
        try (NbdTestClient c = NbdTestClient.connect(server.socket, CLIENT_FLAG_FIXED_NEWSTYLE))
        {
            c.write(ByteBuffer.allocate(16).putLong(IHAVEOPT).putInt(OPT_GO).putInt(MAX_OPTION_BYTES + 1).flip());
            assertTrue(c.closedByServer(), "an option too long to read");
        }
        assertThrows(IOException.class, () -> NbdTestClient.open(server.socket, "nosuch"));
        try (NbdTestClient c = NbdTestClient.open(server.socket, ""))
        {
            assertEquals(8L * MIB, c.size, "the empty name is the first export");
            c.request(CMD_FLUSH, 0, 1, 0, 0);
            assertEquals(0, c.reply().error);
        }
    }
}
