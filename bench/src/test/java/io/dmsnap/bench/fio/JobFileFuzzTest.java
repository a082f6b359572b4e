package io.dmsnap.bench.fio;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Fuzz target: fio job files. Whatever the text, {@link JobFileParser#parse(String, String)} returns
 * jobs or refuses the file with an IllegalArgumentException (the command line turns it into
 * "dmsnap: ..." and exit 2); any other exception is a finding. Without JAZZER_FUZZ it runs the
 * regression inputs under src/test/resources (docs/fuzzing.md).
 */
final class JobFileFuzzTest
{
    @FuzzTest(maxDuration = "60s")
    void jobFile(final byte[] data)
    {
        // Decoded as the command does (UTF-8; a malformed sequence there is refused before parsing).
        final String text = new String(data, StandardCharsets.UTF_8);
        final List<FioJob> jobs;
        try
        {
            jobs = JobFileParser.parse(text, "fuzz.fio");
        }
        catch (final IllegalArgumentException refused)
        {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "a refusal names the problem");
            return;
        }
        for (final FioJob job : jobs)
        {
            // What the runner reads from every job: each accessor parses or was parsed at construction.
            job.rw();
            job.blockSize();
            job.size();
            job.offset();
            job.iodepth();
            job.numjobs();
            job.runtimeNanos();
            job.rampNanos();
            job.numberIos();
            job.verify();
        }
    }
}
