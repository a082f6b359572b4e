package io.dmsnap.cli.serve;

import io.dmsnap.cli.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dmsnap serve}'s refusals: each is one line and exit 2, before anything listens. */
final class ServeCommandTest
{
    @TempDir
    Path dir;

    private static void refused(final CliResult r, final String fragment)
    {
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains(fragment), r.err);
        assertFalse(r.errHasStackTrace(), r.err);
    }

    @Test
    void helpNamesTheOptions()
    {
        final CliResult r = CliResult.run("serve", "--help");
        assertEquals(0, r.exitCode);
        assertTrue(r.out.contains("--unix") && r.out.contains("--table") && r.out.contains("--allow-remote"), r.out);
    }

    @Test
    void aNonLoopbackAddressNeedsAllowRemote()
    {
        refused(CliResult.run("serve", "--listen", "0.0.0.0:0"), "NBD has no authentication");
        refused(CliResult.run("serve", "--listen", "localhost"), "is not HOST:PORT");
        refused(CliResult.run("serve", "--listen", "127.0.0.1:99999"), "0 to 65535");
        refused(CliResult.run("serve", "--unix", dir.resolve("s").toString(), "--listen", "127.0.0.1:0"),
            "exclude each other");
    }

    @Test
    void badSizesAndChunkSizes()
    {
        refused(CliResult.run("serve", "--size", "banana", "--unix", dir.resolve("s").toString()), "is not a size");
        refused(CliResult.run("serve", "--size", "1000", "--unix", dir.resolve("s").toString()), "multiple of 512");
        refused(CliResult.run("serve", "--chunk-size", "3", "--unix", dir.resolve("s").toString()), "power of two");
    }

    @Test
    void badTableFiles() throws IOException
    {
        final String sock = dir.resolve("s").toString();
        refused(CliResult.run("serve", "--unix", sock, "--table", dir.resolve("none").toString()), "no such file");
        refused(CliResult.run("serve", "--unix", sock, "--table", dir.toString()), "--table");
        final Path t = dir.resolve("t");
        Files.writeString(t, "0 8 zero\n");
        refused(CliResult.run("serve", "--unix", sock, "--table", t.toString()), ":1: a table line before any device name");
        Files.writeString(t, "a\n0 8 nosuchtarget\n");
        refused(CliResult.run("serve", "--unix", sock, "--table", t.toString()), "device a (line 1)");
        Files.writeString(t, "a\n0 8 linear " + dir.resolve("missing.img") + " 0\n");
        refused(CliResult.run("serve", "--unix", sock, "--table", t.toString()), "no such image file");
        Files.writeString(t, "a\n0 8 linear memory:4k@warp-drive 0\n");
        refused(CliResult.run("serve", "--unix", sock, "--table", t.toString()), "warp-drive");
        Files.writeString(t, "a\n0 8 zero\na\n0 8 zero\n");
        refused(CliResult.run("serve", "--unix", sock, "--table", t.toString()), "already defined on line 1");
        assertFalse(Files.exists(dir.resolve("s")), "nothing listened");
    }
}
