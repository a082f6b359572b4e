package io.dmsnap.cli.serve;

import io.dmsnap.cli.common.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.dmsnap.cli.serve.ExternalTool.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dmsnap serve} driven by the clients users have: libnbd's nbdinfo and nbdcopy, qemu-img,
 * and fio's nbd engine. Each test skips, naming the package, when its tool is not installed.
 */
final class RealClientsTest
{
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private ServeFixture server;

    @BeforeEach
    void start() throws IOException
    {
        server = ServeFixture.demo(dir, 16);
    }

    @AfterEach
    void stop()
    {
        server.close();
    }

    @Test
    void nbdinfoSeesEachExportsSizeFlagsAndBlockSizes() throws Exception
    {
        ExternalTool.require("nbdinfo", "libnbd-bin");
        final ExternalTool.Run run = ExternalTool.run(dir, 60, "nbdinfo", "--json", "--list", server.uri(""));
        assertEquals(0, run.exit, run.output);
        final JsonNode exports = Json.MAPPER.readTree(run.output).get("exports");
        final Map<String, JsonNode> byName = new HashMap<>();
        exports.forEach(e -> byName.put(e.get("export-name").asText(), e));
        assertEquals(3, byName.size(), run.output);
        for (final String name : new String[] {"origin", "snapshot", "raw"})
        {
            final JsonNode e = byName.get(name);
            assertEquals(16L * MIB, e.get("export-size").asLong(), name);
            assertEquals(512, e.get("block_size_minimum").asInt(), name);
            assertEquals(4096, e.get("block_size_preferred").asInt(), name);
            assertEquals(32 * MIB, e.get("block_size_maximum").asInt(), name);
            assertTrue(e.get("can_flush").asBoolean() && e.get("can_fua").asBoolean() && e.get("can_zero").asBoolean()
                && e.get("can_multi_conn").asBoolean(), name);
        }
        assertEquals(false, byName.get("origin").get("can_trim").asBoolean(), "the origin takes no discards");
        assertEquals(false, byName.get("snapshot").get("can_trim").asBoolean());
        assertEquals(true, byName.get("raw").get("can_trim").asBoolean());
    }

    @Test
    void nbdcopyAndQemuImgCompareSeeTheSnapshotKeepTheOldData() throws Exception
    {
        ExternalTool.require("nbdcopy", "libnbd-bin");
        ExternalTool.require("qemu-img", "qemu-utils");
        final Path before = dir.resolve("before.img");
        final byte[] content = new byte[16 * MIB];
        new java.util.Random(7).nextBytes(content);
        Files.write(before, content);
        // fill the origin through NBD, then change it: the snapshot keeps what the origin had
        // when it was taken (zeros), the origin shows the image
        ExternalTool.Run run = ExternalTool.run(dir, 120, "nbdcopy", before.toString(), server.uri("origin"));
        assertEquals(0, run.exit, run.output);
        run = ExternalTool.run(dir, 120, "qemu-img", "compare", "-f", "raw", "-F", "raw", before.toString(),
            server.uri("origin"));
        assertEquals(0, run.exit, run.output);
        final Path zeros = dir.resolve("zeros.img");
        Files.write(zeros, new byte[16 * MIB]);
        run = ExternalTool.run(dir, 120, "qemu-img", "compare", "-f", "raw", "-F", "raw", zeros.toString(),
            server.uri("snapshot"));
        assertEquals(0, run.exit, run.output);
        run = ExternalTool.run(dir, 120, "qemu-img", "compare", "-f", "raw", "-F", "raw", before.toString(),
            server.uri("snapshot"));
        assertEquals(1, run.exit, "qemu-img compare reports the difference: " + run.output);
        final Path copy = dir.resolve("copy.img");
        run = ExternalTool.run(dir, 120, "nbdcopy", server.uri("origin"), copy.toString());
        assertEquals(0, run.exit, run.output);
        assertEquals(-1, Files.mismatch(before, copy), "nbdcopy of the origin equals what was written");
    }

    @Test
    void fioRandwriteWithCrc32cVerifyThroughTheSnapshotAndTheOrigin() throws Exception
    {
        ExternalTool.require("fio", "fio");
        final ExternalTool.Run help = ExternalTool.run(dir, 30, "fio", "--enghelp=nbd");
        org.junit.jupiter.api.Assumptions.assumeTrue(help.exit == 0 && help.output.contains("uri"),
            "this fio has no nbd engine: the test is skipped");
        for (final String export : new String[] {"snapshot", "origin"})
        {
            final ExternalTool.Run run = ExternalTool.run(dir, 300, command("fio", "--name=verify-" + export,
                "--ioengine=nbd", "--uri=" + server.uri(export), "--rw=randwrite", "--bs=4k", "--size=8m",
                "--iodepth=16", "--numjobs=1", "--verify=crc32c", "--do_verify=1", "--verify_fatal=1",
                "--output-format=json"));
            assertEquals(0, run.exit, export + ": " + run.output);
            final String json = run.output.substring(run.output.indexOf('{'));
            final JsonNode job = Json.MAPPER.readTree(json).get("jobs").get(0);
            assertEquals(0, job.get("error").asInt(), export + ": " + run.output);
            assertEquals(8L * MIB, job.get("write").get("io_bytes").asLong(), export);
            assertNotEquals(0, job.get("read").get("io_bytes").asLong(), export + ": the verify pass read back");
        }
    }
}
