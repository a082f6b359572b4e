package io.dmsnap.cli.compare;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.JsonValues;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.result.RowKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dmsnap calibrate}: CVs and false positives of known data, and the bands it writes. */
final class CalibrateCommandTest
{
    private static final RowKey QUIET = SyntheticResult.key("io.x.Bench.quiet");
    private static final RowKey NOISY = SyntheticResult.key("io.x.Bench.noisy");
    private static final RowKey SHIFTED = SyntheticResult.key("io.x.Bench.shifted");

    @TempDir
    Path dir;

    /** Two runs of "one build": quiet (1% CV), noisy (9% CV), and one that is not A/A at all (+20%). */
    private Path[] runs() throws Exception
    {
        final Path a = new SyntheticResult()
            .row(QUIET, "ops/s", Direction.HIGHER_IS_BETTER, 1000, 1, 10, 1)
            .row(NOISY, "ops/s", Direction.HIGHER_IS_BETTER, 1000, 9, 10, 2)
            .row(SHIFTED, "ops/s", Direction.HIGHER_IS_BETTER, 1000, 1, 10, 3)
            .write(dir.resolve("a1.json"));
        final Path b = new SyntheticResult()
            .row(QUIET, "ops/s", Direction.HIGHER_IS_BETTER, 1000, 1, 10, 11)
            .row(NOISY, "ops/s", Direction.HIGHER_IS_BETTER, 1000, 9, 10, 12)
            .row(SHIFTED, "ops/s", Direction.HIGHER_IS_BETTER, 1200, 1, 10, 13)
            .write(dir.resolve("a2.json"));
        return new Path[] {a, b};
    }

    private static CliResult calibrate(final String... args)
    {
        final List<String> all = new ArrayList<>(List.of("calibrate", "--resamples", "1000"));
        all.addAll(List.of(args));
        return CliResult.run(all.toArray(new String[0]));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(final Map<String, Object> json, final RowKey key)
    {
        for (final Map<String, Object> row : (List<Map<String, Object>>) json.get("rows"))
        {
            if (row.get("id").equals(key.id()))
            {
                return row;
            }
        }
        throw new AssertionError("no row " + key.id());
    }

    @Test
    void twoRunsGiveCvsFalsePositivesAndBandsWrittenToANewFile() throws Exception
    {
        final Path[] runs = runs();
        final Path bands = dir.resolve("new/bands.txt");
        final CliResult r = calibrate(runs[0].toString(), runs[1].toString(), "--bands", bands.toString(), "--format",
            "json");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        @SuppressWarnings("unchecked")
        final Map<String, Object> json = (Map<String, Object>) JsonValues.parse(r.out);
        // Fork means of 3 iterations: the CV of the values is about the iterations' CV / sqrt(3), 0.58% and 5.2%,
        // each estimated from 20 values.
        final double quietCv = (Double) row(json, QUIET).get("cv_percent");
        final double noisyCv = (Double) row(json, NOISY).get("cv_percent");
        assertTrue(quietCv > 0.3 && quietCv < 1.2, "quiet: " + quietCv);
        assertTrue(noisyCv > 2 && noisyCv < 8 && noisyCv > 3 * quietCv, "noisy: " + noisyCv);
        final double quietBand = (Double) row(json, QUIET).get("suggested_band_percent");
        final double noisyBand = (Double) row(json, NOISY).get("suggested_band_percent");
        assertTrue(quietBand >= 1.0 && quietBand < noisyBand, quietBand + " vs " + noisyBand);
        assertEquals(0.0, quietBand % 0.5, "bands are multiples of half a percent");
        assertEquals(10L, row(json, QUIET).get("n_first"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> fp = (Map<String, Object>) json.get("false_positives");
        assertEquals(1L, fp.get("raw"), "the shifted row is the one false positive: " + fp);
        assertEquals(1L, fp.get("adjusted"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> settings = (Map<String, Object>) json.get("settings");
        assertEquals(10L, settings.get("planned_samples"), "the fewest values a side of any row");

        final String written = Files.readString(bands);
        assertTrue(written.startsWith("# dmsnap bands:"), written);
        assertTrue(written.contains("\n# dmsnap calibrate "), written);
        assertTrue(written.contains(": A/A of a1.json and a2.json, bands for 10 values a side, alpha 0.05\n"),
            "file names only, no folders: " + written);
        assertTrue(written.contains("\n" + Glob.escape(QUIET.id()) + " = " + BandRule.formatPercent(quietBand) + "\n"),
            written);
        assertTrue(r.err.contains("dmsnap: bands file " + bands + ": added 3, changed 0, unchanged 0"), r.err);

        // compare picks the calibrated band of the row.
        final CliResult compared = CliResult.run("compare", runs[0].toString(), runs[0].toString(), "--bands",
            bands.toString(), "--format", "json", "--resamples", "500");
        assertEquals(ExitCodes.OK, compared.exitCode, compared::toString);
        @SuppressWarnings("unchecked")
        final Map<String, Object> cmp = (Map<String, Object>) JsonValues.parse(compared.out);
        assertEquals(quietBand, row(cmp, QUIET).get("band_percent"));
    }

    @Test
    void anExistingFileIsUpdatedInPlaceKeepingItsComments() throws Exception
    {
        final Path[] runs = runs();
        final Path bands = dir.resolve("bands.txt");
        final String before = "# my bands\n" + Glob.escape(QUIET.id()) + " = 40%   # hand-set\nmicro.* = 3%\n* = 5%\n";
        Files.writeString(bands, before);
        final CliResult dry = calibrate(runs[0].toString(), runs[1].toString(), "--bands", bands.toString(), "--dry-run");
        assertEquals(ExitCodes.OK, dry.exitCode, dry::toString);
        assertEquals(before, Files.readString(bands), "--dry-run writes nothing");
        assertTrue(dry.out.contains("bands file " + bands + ": added 2, changed 1, unchanged 0 (not written)"), dry.out);
        assertTrue(dry.out.contains("  changed " + Glob.escape(QUIET.id()) + ": 40% -> "), dry.out);

        final CliResult r = calibrate(runs[0].toString(), runs[1].toString(), "--bands", bands.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        final String after = Files.readString(bands);
        assertTrue(after.startsWith("# my bands\n\n# dmsnap calibrate "), after);
        assertTrue(after.matches("(?s).*\\n" + Pattern.quote(Glob.escape(QUIET.id()))
            + " = [0-9.]+%   # hand-set\\nmicro\\.\\* = 3%\\n\\* = 5%\\n"), after);
        final CliResult again = calibrate(runs[0].toString(), runs[1].toString(), "--bands", bands.toString());
        assertTrue(again.err.contains("added 0, changed 0, unchanged 3 (nothing to write)"), again.err);
    }

    @Test
    void aDirectoryOfRunsIsSplitAlternately() throws Exception
    {
        final Path runsDir = Files.createDirectory(dir.resolve("runs"));
        for (int i = 0; i < 10; i++)
        {
            new SyntheticResult().row(QUIET, "ops/s", Direction.HIGHER_IS_BETTER, 1000, 1, 1, 100 + i)
                .write(runsDir.resolve(String.format("run-%02d.json", i)));
        }
        final Path bands = dir.resolve("bands.txt");
        final CliResult r = calibrate(runsDir.toString(), "--bands", bands.toString(), "--samples", "20");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.out.startsWith("dmsnap calibrate: A/A of " + runsDir + " split alternately\n"), r.out);
        assertTrue(r.out.contains("bands for 20 values a side,"), r.out);
        assertTrue(r.out.matches("(?s).*\\nquiet +5\\+5 .*"), "ten runs, five a side: " + r.out);
        assertTrue(r.out.contains("MDE@20"), r.out);
        assertTrue(Files.readString(bands).contains("A/A of runs split alternately"), Files.readString(bands));
        final CliResult md = calibrate(runsDir.toString(), "--bands", bands.toString(), "--format", "markdown",
            "--dry-run");
        assertTrue(md.out.startsWith("**dmsnap calibrate: A/A of "), md.out);
        assertTrue(md.out.contains("| quiet | ops/s | 5+5 |"), md.out);
    }

    @Test
    void tooFewValuesForTheFamilyGiveNoBandAndSaySo() throws Exception
    {
        final Path[] runs = runs();
        final Path bands = dir.resolve("bands.txt");
        final CliResult r = calibrate(runs[0].toString(), runs[1].toString(), "--bands", bands.toString(), "--samples",
            "3");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.out.contains("note: no band suggested for any of the 3 rows: with 3 values a side the test cannot reach alpha"
            + " over 3 rows; plan more values (--samples N)"), r.out);
        assertFalse(Files.exists(bands), "nothing to write, no file");
    }

    @Test
    void badInputIsExitTwo() throws Exception
    {
        final Path[] runs = runs();
        final Path other = new SyntheticResult().row(QUIET, "ops/s", Direction.HIGHER_IS_BETTER, 1000, 1, 10, 1)
            .environment(SyntheticResult.ENVIRONMENT.toBuilder().cores(8).build()).write(dir.resolve("other.json"));
        final Path bands = dir.resolve("bands.txt");
        final Map<List<String>, String> cases = Map.of(
            List.of(runs[0].toString(), dir.resolve("none.json").toString()), "dmsnap: " + dir.resolve("none.json")
                + ": no such file",
            List.of(runs[0].toString(), other.toString()), "dmsnap: the environments of " + runs[0] + " and " + other
                + " differ: cpu.cores: '2' (first) vs '8' (second)",
            List.of(runs[0].toString(), runs[1].toString(), "--samples", "0"), "dmsnap: --samples 0 is out of range",
            List.of(runs[0].toString(), runs[1].toString(), "--min-band", "0"), "dmsnap: --min-band 0.0 is out of range",
            List.of(runs[0].toString(), runs[1].toString(), "--format", "csv"), "dmsnap: --format csv: unknown format;"
                + " choose one of text, markdown, json",
            List.of(runs[0].toString(), runs[1].toString(), runs[1].toString()), "dmsnap: calibrate takes one result (runs split alternately) or two (A1 A2), got 3");
        for (final Map.Entry<List<String>, String> c : cases.entrySet())
        {
            final List<String> args = new ArrayList<>(c.getKey());
            args.addAll(List.of("--bands", bands.toString()));
            final CliResult r = calibrate(args.toArray(new String[0]));
            assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
            assertTrue(r.err.startsWith(c.getValue()), () -> c.getValue() + " expected: " + r);
            assertFalse(Files.exists(bands), "no bands file after an error");
        }
        Files.writeString(bands, "* = 5%\nx = 3%\n");
        final CliResult broken = calibrate(runs[0].toString(), runs[1].toString(), "--bands", bands.toString());
        assertEquals(ExitCodes.USAGE, broken.exitCode);
        assertTrue(broken.err.startsWith("dmsnap: " + bands + ":2: 'x' never sets a band"), broken.err);
    }
}
