package io.dmsnap.cli;

import io.dmsnap.cli.common.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Ordinary mistakes with files and values give one line naming the file and the operating
 * system's reason, and exit 2: never "internal error" (70), a stack trace, or a run that passes.
 */
final class FileFailuresTest
{
    private static void assertBadInput(final CliResult r, final String expectedLine)
    {
        assertEquals(ExitCodes.USAGE, r.exitCode, r.out + r.err);
        assertEquals(expectedLine + "\n", r.err);
        assertFalse(r.errHasStackTrace(), r.err);
    }

    @Test
    void aJobFileThatIsADirectoryMissingOrBinaryIsNamedWithTheReason(@TempDir final Path dir) throws IOException
    {
        assertBadInput(CliResult.run("fio", dir.toString()), "dmsnap: cannot read job file " + dir + ": is a directory");
        final Path missing = dir.resolve("missing.fio");
        assertBadInput(CliResult.run("fio", missing.toString()),
            "dmsnap: cannot read job file " + missing + ": no such file or directory");
        final Path garbage = dir.resolve("garbage.fio");
        final byte[] bytes = new byte[300];
        new Random(7).nextBytes(bytes);
        bytes[0] = (byte) 0xff;   // never the start of a UTF-8 sequence
        Files.write(garbage, bytes);
        assertBadInput(CliResult.run("fio", garbage.toString()),
            "dmsnap: cannot read job file " + garbage + ": not UTF-8 text (a binary file?)");
    }

    @Test
    void anUnwritableOutputIsNamedWithTheReason(@TempDir final Path dir)
    {
        assertBadInput(CliResult.run("fio", "--name=w", "--rw=randwrite", "--size=64k", "--origin-size=16m",
            "--output=" + dir), "dmsnap: cannot write " + dir + ": is a directory");
        final Path inMissingFolder = dir.resolve("no/such/folder/out.json");
        assertBadInput(CliResult.run("fio", "--name=w", "--rw=randwrite", "--size=64k", "--origin-size=16m",
            "--output=" + inMissingFolder), "dmsnap: cannot write " + inMissingFolder + ": no such file or directory");
    }

    @Test
    void aDirectoryAsTheDeviceFileIsNamedWithTheReason(@TempDir final Path dir)
    {
        assertBadInput(CliResult.run("fio", "--name=w", "--rw=randwrite", "--size=64k", "--origin-size=16m",
            "--target=raw", "--device=file", "--device-path=" + dir), "dmsnap: cannot open " + dir + ": is a directory");
    }

    @Test
    void anExistingCowFileIsNeverOverwrittenUnlessAskedFor(@TempDir final Path dir) throws IOException
    {
        final Path data = dir.resolve("origin.img");
        final Path cow = dir.resolve("origin.img.cow");
        Files.writeString(cow, "a persistent snapshot the user keeps");
        assertBadInput(CliResult.run("fio", "--name=w", "--rw=randwrite", "--size=64k", "--origin-size=1m",
            "--device=file", "--device-path=" + data), "dmsnap: " + cow + " exists (the COW of an earlier run?) and "
            + "the snapshot would start it from zero: remove it, or pass --overwrite-cow");
        assertEquals("a persistent snapshot the user keeps", Files.readString(cow));

        final CliResult overwrite = CliResult.run("fio", "--name=w", "--rw=randwrite", "--size=64k", "--origin-size=1m",
            "--device=file", "--device-path=" + data, "--overwrite-cow", "--no-result");
        assertEquals(ExitCodes.OK, overwrite.exitCode, overwrite.out + overwrite.err);
        assertFalse(Files.readString(cow, java.nio.charset.StandardCharsets.ISO_8859_1).contains("the user keeps"));

        // The raw device has no COW: nothing to protect.
        final CliResult raw = CliResult.run("fio", "--name=w", "--rw=randwrite", "--size=64k", "--origin-size=1m",
            "--target=raw", "--device=file", "--device-path=" + data, "--no-result");
        assertEquals(ExitCodes.OK, raw.exitCode, raw.out + raw.err);
    }

    @Test
    void aSoakLongerThanAYearIsRefusedNotOverflowedIntoAPass()
    {
        final CliResult r = CliResult.run("stress", "--soak", "--duration", "153722867m", "--seed", "11");
        assertBadInput(r, "dmsnap: bad duration '153722867m': longer than the longest soak, 8760h");
        assertBadInput(CliResult.run("stress", "--soak", "--duration", "99999999999999999999999s"),
            "dmsnap: bad duration '99999999999999999999999s': longer than the longest soak, 8760h");
    }

    @Test
    void anInspectChunkSizeThatOverflowsIsRefusedWithTheLimitItAccepts(@TempDir final Path dir) throws IOException
    {
        final Path cow = dir.resolve("x.cow");
        Files.write(cow, new byte[4096]);
        assertBadInput(CliResult.run("inspect", "--chunk-size", "18014398509486080k", cow.toString()),
            "dmsnap: --chunk-size 18014398509486080k: must be a power of two from 1 to 2097152 sectors");
        assertBadInput(CliResult.run("inspect", "--chunk-size", "4194304", cow.toString()),
            "dmsnap: --chunk-size 4194304: must be a power of two from 1 to 2097152 sectors");
    }
}
