package io.dmsnap.cli.compare;

import io.dmsnap.cli.result.RowKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bands file: globs, what they are matched against, first match, errors, and calibrate's updates. */
final class BandsFileTest
{
    private static final RowKey MATRIX = new RowKey("io.dmsnap.bench.jmh.fio.FioBenchmarks.fio_origin_randwrite_throughput",
        "thrpt", 2, new TreeMap<>(Map.of("preset", "v5.0", "store", "N")), RowKey.PRIMARY);
    private static final RowKey LATENCY_P99 = new RowKey("io.dmsnap.bench.jmh.fio.FioBenchmarks.fio_origin_randwrite_latency",
        "sample", 1, new TreeMap<>(Map.of("preset", "current")), "p0.99");
    private static final RowKey MICRO = new RowKey("io.dmsnap.bench.jmh.micro.ReorderBench.commit", "thrpt", 1,
        new TreeMap<>(), RowKey.PRIMARY);
    private static final RowKey FIO_IOPS = new RowKey("randwrite", "fio", 1, new TreeMap<>(Map.of("bs", "4k")), "write.iops");
    private static final RowKey FIO_TAIL = new RowKey("randwrite", "fio", 1, new TreeMap<>(Map.of("bs", "4k")),
        "write.clat.p99.99");
    private static final RowKey GC_COUNT = MICRO.withMetric("gc.count");
    private static final RowKey OTHER = new RowKey("org.example.Other.run", "avgt", 1, new TreeMap<>(), RowKey.PRIMARY);

    private static BandRules.Match match(final String text, final RowKey key)
    {
        return new BandRules(List.of(), BandsFile.parse(text, "bands.txt")).match(key);
    }

    @Test
    void globsMatchWholeTextsWithStarQuestionAndEscapes()
    {
        assertTrue(Glob.of("fio_*_throughput").matches("fio_origin_randwrite_throughput"));
        assertFalse(Glob.of("fio_*_throughput").matches("fio_origin_randwrite_throughput_x"), "matches as a whole");
        assertTrue(Glob.of("*").matches("a.b/c d {x=1}"), "* crosses dots, slashes and blanks");
        assertTrue(Glob.of("p0.9?").matches("p0.99"));
        assertFalse(Glob.of("p0.9?").matches("p0.999"));
        assertTrue(Glob.of("a\\*b").matches("a*b"));
        assertFalse(Glob.of("a\\*b").matches("axxb"), "an escaped star is a star");
        assertTrue(Glob.of("x.y").matches("x.y"));
        assertFalse(Glob.of("x.y").matches("xzy"), "a dot is a dot, not a regular expression");
        assertEquals("a\\*\\?\\\\\\#b", Glob.escape("a*?\\#b"));
        assertTrue(Glob.literal("a*?\\#{b=1}").matches("a*?\\#{b=1}"));
        assertThrows(IllegalArgumentException.class, () -> Glob.of("abc\\"));
        assertThrows(IllegalArgumentException.class, () -> Glob.of(" "));
    }

    @Test
    void aGlobMatchesTheBenchmarkAnyTailAfterADotTheMetricOrTheId()
    {
        final List<String> subjects = RowSubjects.of(new RowKey("a.b.c", "thrpt", 1, new TreeMap<>(), "score"));
        assertEquals(List.of("a.b.c", "a.b.c:score", "a.b.c:score [thrpt, threads=1]",
            "b.c", "b.c:score", "b.c:score [thrpt, threads=1]",
            "c", "c:score", "c:score [thrpt, threads=1]"), subjects);
        assertEquals(7.0, match("fio_*_throughput = 7%", MATRIX).bandPercent());
        assertEquals(7.0, match("FioBenchmarks.* = 7%", MATRIX).bandPercent());
        assertEquals(7.0, match("*{preset=v5.0, store=N} = 7%", MATRIX).bandPercent(), "the id's parameters");
        assertEquals(7.0, match("*[thrpt, threads=2]* = 7%", MATRIX).bandPercent(), "the id's mode and threads");
        assertEquals(7.0, match(Glob.escape(MATRIX.id()) + " = 7%", MATRIX).bandPercent(), "the row alone");
        assertEquals(7.0, match("*:*.iops = 7%", FIO_IOPS).bandPercent());
        assertEquals(BandRules.FALLBACK_BAND_PERCENT, match("throughput = 7%", MATRIX).bandPercent(), "no partial match");
    }

    @Test
    void theFirstMatchingEntryDecidesAndTheFallbackIsFivePercent()
    {
        final String text = "# latency first\nfio_*_latency = 10%\nfio_* = 4%   # the rest of the matrix\n";
        assertEquals(4.0, match(text, MATRIX).bandPercent());
        final BandRules.Match latency = match(text, LATENCY_P99);
        assertEquals(10.0, latency.bandPercent());
        assertEquals("fio_*_latency (bands.txt:2)", latency.bandSource());
        final BandRules.Match none = match(text, OTHER);
        assertEquals(5.0, none.bandPercent());
        assertNull(none.bandRule());
        assertEquals("built-in 5%", none.bandSource());
    }

    @Test
    void bandsAndDirectionsAreDecidedApartAndTheCommandLineComesFirst()
    {
        final BandsFile file = BandsFile.parse("*:gc.count = skip\nmicro.* = 3%\n* = 5% lower\n", "bands.txt");
        final BandRules rules = new BandRules(List.of(BandRules.bandOption("*Reorder*=1.5%"),
            BandRules.directionOption("*:gc.count=higher")), file);
        final BandRules.Match micro = rules.match(MICRO);
        assertEquals(1.5, micro.bandPercent(), "--band before the file");
        assertEquals(RowAction.LOWER, micro.fileAction().action(), "the file's direction, from the catch-all");
        final BandRules.Match gc = rules.match(GC_COUNT);
        assertEquals(RowAction.HIGHER, gc.commandLineAction().action());
        assertEquals(RowAction.SKIP, gc.fileAction().action());
        assertEquals(1.5, gc.bandPercent(), "a rule that only names a direction does not stop the search for a band");
    }

    @Test
    void theCheckedInFileGivesEachFamilyItsBand() throws Exception
    {
        final Path file = CompareCommand.defaultBandsFile();
        assertTrue(Files.isRegularFile(file), "results/bands.txt is checked in: " + file);
        final BandRules rules = new BandRules(List.of(), BandsFile.read(file));
        assertEquals(5.0, rules.match(MATRIX).bandPercent());
        assertEquals("fio_*_throughput", rules.match(MATRIX).bandRule().glob().text());
        assertEquals(10.0, rules.match(LATENCY_P99).bandPercent());
        assertEquals("*:p0.99", rules.match(LATENCY_P99).bandRule().glob().text());
        assertEquals(50.0, rules.match(LATENCY_P99.withMetric("p1.00")).bandPercent());
        assertEquals(3.0, rules.match(MICRO).bandPercent());
        assertEquals(5.0, rules.match(FIO_IOPS).bandPercent());
        assertEquals(20.0, rules.match(FIO_TAIL).bandPercent());
        assertEquals(RowAction.SKIP, rules.match(GC_COUNT).fileAction().action());
        assertEquals(2.0, rules.match(MICRO.withMetric("gc.alloc.rate.norm")).bandPercent());
        assertEquals("*", rules.match(OTHER).bandRule().glob().text(), "everything else");
    }

    @Test
    void badLinesAreErrorsNamingTheFileAndLine()
    {
        final Map<String, String> cases = new LinkedHashMap<>();
        cases.put("fio_* 5%\n", "bands.txt:1: 'fio_* 5%' is not an entry: write GLOB = BAND [higher|lower|skip]");
        cases.put("# ok\n = 5%\n", "bands.txt:2: an entry without a glob");
        cases.put("x = \n", "bands.txt:1: 'x' has no value");
        cases.put("x = five\n", "bands.txt:1: 'five' for 'x' is neither a band (a percentage such as 5%) nor higher,"
            + " lower or skip");
        cases.put("x = 0%\n", "bands.txt:1: band '0%' of 'x' is out of range");
        cases.put("x = NaN\n", "bands.txt:1: band 'NaN' of 'x' is out of range");
        cases.put("x = 5% higher lower\n", "bands.txt:1: 'x' names two of higher, lower, skip");
        cases.put("x = 5% 6%\n", "bands.txt:1: '6%' is not a band or a word here");
        cases.put("x\\= 5%\n", "bands.txt:1: 'x\\= 5%' is not an entry");
        cases.put("* = 5%\nmicro.* = 3%\n", "bands.txt:2: 'micro.*' never sets a band: '*' at bands.txt:1 matches every"
            + " row it matches and comes first; move it above or remove it");
        cases.put("a = 3%\na = 4%\n", "bands.txt:2: 'a' never sets a band: 'a' at bands.txt:1");
        for (final Map.Entry<String, String> c : cases.entrySet())
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BandsFile.parse(c.getKey(), "bands.txt"), c.getKey());
            assertTrue(e.getMessage().startsWith(c.getValue()), () -> c.getValue() + " expected, got " + e.getMessage());
        }
        // An escaped blank ends a glob; a direction after a catch-all band is still reachable; a comment may
        // follow an escaped #.
        assertTrue(BandsFile.parse("x\\  = 5%\n", "b").rules().get(0).glob().matches("x "));
        assertEquals(2, BandsFile.parse("* = 5%\n*:gc.count = skip\n", "b").rules().size());
        assertEquals("a#b", BandsFile.parse("a\\#b = 1%  # a comment\n", "b").rules().get(0).glob().text()
            .replace("\\", ""));
    }

    @Test
    void updatesKeepCommentsAndOtherEntriesAndSayWhatChanged()
    {
        final String text = String.join("\n",
            "# header comment",
            "",
            "a = 5% lower   # keep this comment",
            "b = higher",
            "micro.* = 3%",
            "* = 5%",
            "");
        final BandsFile file = BandsFile.parse(text, "bands.txt");
        final Map<String, Double> bands = new LinkedHashMap<>();
        bands.put("a", 2.5);
        bands.put("b", 4.0);
        bands.put("micro.*", 3.0);
        bands.put("new\\*row", 7.5);
        final List<BandChange> changes = file.update(bands, "calibrated today");
        assertEquals(List.of(
            new BandChange("a", 5.0, 2.5, BandChange.Kind.CHANGED),
            new BandChange("b", null, 4.0, BandChange.Kind.CHANGED),
            new BandChange("micro.*", 3.0, 3.0, BandChange.Kind.UNCHANGED),
            new BandChange("new\\*row", null, 7.5, BandChange.Kind.ADDED)), changes);
        assertEquals(String.join("\n",
            "# header comment",
            "",
            "# calibrated today",
            "new\\*row = 7.5%",
            "",
            "a = 2.5% lower   # keep this comment",
            "b = 4% higher",
            "micro.* = 3%",
            "* = 5%",
            ""), file.render());
        assertEquals(7.5, new BandRules(List.of(), file).match(new RowKey("new*row", "thrpt", 1, new TreeMap<>(),
            "score")).bandPercent(), "the new entry decides before the catch-all");
    }

    @Test
    void aNewFileExplainsItsFormat(@TempDir final Path dir) throws Exception
    {
        final BandsFile file = BandsFile.create("bands.txt");
        file.update(Map.of("x", 2.0), "calibrated");
        final Path written = dir.resolve("sub/bands.txt");
        file.write(written);
        final String text = Files.readString(written);
        assertTrue(text.startsWith("# dmsnap bands: the smallest change that counts"), text);
        assertTrue(text.endsWith("\n# calibrated\nx = 2%\n"), text);
        assertEquals(1, BandsFile.read(written).rules().size());
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> BandsFile.read(dir.resolve("none.txt")));
        assertEquals("bands file " + dir.resolve("none.txt") + ": no such file", missing.getMessage());
    }
}
