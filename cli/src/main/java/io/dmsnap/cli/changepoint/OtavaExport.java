package io.dmsnap.cli.changepoint;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One history (the results of one host, say) as CSV files that Apache Otava 0.8 reads, with the
 * configuration and the command line that analyse them: a {@code time} column (ISO-8601, UTC), a
 * {@code commit} column, one column per metric.
 *
 * <p>What Otava's CSV import requires, and what this writer does about it:
 * <ul>
 *   <li>An empty metric cell aborts the whole import, so no cell is ever empty. Metrics that are
 *       missing from some rows (a benchmark added later, a quick run with fewer benchmarks) go into
 *       separate tables: metrics present in exactly the same rows share one table, which holds just
 *       those rows. In the usual case, every metric in every row, that is one table. Each table is an
 *       Otava test; with more than one, a test group named after the history runs them all.</li>
 *   <li>Otava keeps the file's row order (it does not sort by time), so rows are written sorted by
 *       time, ties in their given order.</li>
 *   <li>Otava drops rows older than a year unless {@code --since} says otherwise, so the command
 *       line passes {@code --since} the day before the first row (a day early, so that no time zone
 *       Otava might read the date in cuts off the first row).</li>
 *   <li>The quote character option is spelled {@code quote_char} in the configuration: the
 *       {@code quotechar} spelling of Otava's own documentation is silently ignored.</li>
 *   <li>A column named {@code branch} has a meaning of its own to Otava, and {@code time} and
 *       {@code commit} are taken: those metric names are refused.</li>
 * </ul>
 * Times are written to the second ({@code 2026-01-02T03:04:05+00:00}, the form Otava's date parser
 * is known to read); values in plain decimal, as many digits as the double needs.
 *
 * <p>Independent of where the rows come from: the caller hands over plain rows. Immutable.
 */
public final class OtavaExport
{
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Set<String> RESERVED = Set.of("time", "commit", "branch");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'")
        .withZone(ZoneOffset.UTC);
    private static final String UNKNOWN_COMMIT = "unknown";

    /**
     * One run of the history.
     *
     * @param time    when it ran
     * @param commit  the code it ran; blank is written as {@code unknown} (Otava would show an empty cell)
     * @param metrics metric name to value; a metric the run lacks is absent (or null)
     */
    public record Row(Instant time, String commit, Map<String, Double> metrics)
    {
        public Row
        {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(commit, "commit");
            final Map<String, Double> present = new LinkedHashMap<>();
            for (final Map.Entry<String, Double> metric : metrics.entrySet())
            {
                if (metric.getValue() != null)
                {
                    present.put(metric.getKey(), metric.getValue());
                }
            }
            metrics = Collections.unmodifiableMap(present);
        }
    }

    /**
     * One CSV file and the Otava test that reads it.
     *
     * @param testName the test's name in the configuration
     * @param fileName the CSV file's name, next to the configuration
     * @param metrics  its metric columns, in column order
     * @param rows     how many data rows it has
     * @param csv      the file's content
     */
    public record Table(String testName, String fileName, List<String> metrics, int rows, String csv)
    {
    }

    private final String name;
    private final List<Table> tables;
    private final Map<String, Direction> directions;
    private final LocalDate since;

    private OtavaExport(final String name, final List<Table> tables, final Map<String, Direction> directions,
        final LocalDate since)
    {
        this.name = name;
        this.tables = tables;
        this.directions = directions;
        this.since = since;
    }

    /**
     * The export of {@code rows} under {@code name} (letters, digits, '.', '_', '-': it names the
     * files and the Otava test; see {@link #safeName}). Every metric needs a direction.
     *
     * @throws IllegalArgumentException for a bad name, a metric without direction or with a reserved
     *                                  name, a NaN or infinite value, or no metric value at all
     */
    public static OtavaExport of(final String name, final List<Row> rows, final Map<String, Direction> directions)
    {
        if (!NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("export name '" + name
                + "' must be letters, digits, '.', '_' or '-' (OtavaExport.safeName makes one)");
        }
        final List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(Row::time));
        final Map<String, BitSet> presence = new TreeMap<>();
        for (int r = 0; r < sorted.size(); r++)
        {
            final Row row = sorted.get(r);
            for (final Map.Entry<String, Double> metric : row.metrics().entrySet())
            {
                checkMetric(metric.getKey(), metric.getValue(), row, directions);
                presence.computeIfAbsent(metric.getKey(), k -> new BitSet()).set(r);
            }
        }
        if (presence.isEmpty())
        {
            throw new IllegalArgumentException("nothing to export for " + name + ": " + sorted.size()
                + " rows and not one metric value");
        }
        // Metrics present in the same rows share a table; the tables with the most rows come first.
        final Map<BitSet, List<String>> groups = new HashMap<>();
        for (final Map.Entry<String, BitSet> metric : presence.entrySet())
        {
            groups.computeIfAbsent(metric.getValue(), k -> new ArrayList<>()).add(metric.getKey());
        }
        final List<Map.Entry<BitSet, List<String>>> ordered = new ArrayList<>(groups.entrySet());
        ordered.sort(Comparator.comparing((Map.Entry<BitSet, List<String>> g) -> -g.getKey().cardinality())
            .thenComparing(g -> g.getValue().get(0)));
        final List<Table> tables = new ArrayList<>();
        for (int t = 0; t < ordered.size(); t++)
        {
            final String testName = ordered.size() == 1 ? name : name + ".part" + (t + 1);
            tables.add(table(testName, ordered.get(t).getValue(), ordered.get(t).getKey(), sorted));
        }
        final Map<String, Direction> used = new TreeMap<>();
        for (final String metric : presence.keySet())
        {
            used.put(metric, directions.get(metric));
        }
        final int firstRow = presence.values().stream().mapToInt(b -> b.nextSetBit(0)).min().orElseThrow();
        final LocalDate first = LocalDate.ofInstant(sorted.get(firstRow).time(), ZoneOffset.UTC);
        return new OtavaExport(name, List.copyOf(tables), Collections.unmodifiableMap(used), first.minusDays(1));
    }

    /** {@code host} with every character Otava names and file names should not hold replaced by '_'. */
    public static String safeName(final String host)
    {
        final String safe = host.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() ? "_" : safe;
    }

    private static void checkMetric(final String metric, final double value, final Row row,
        final Map<String, Direction> directions)
    {
        if (metric.isEmpty() || metric.chars().anyMatch(Character::isISOControl))
        {
            throw new IllegalArgumentException("metric name '" + metric + "' must be non-empty without control characters");
        }
        if (RESERVED.contains(metric))
        {
            throw new IllegalArgumentException("metric name '" + metric + "' is reserved in Otava's CSV; rename it (taken: "
                + new TreeSet<>(RESERVED) + ")");
        }
        if (!Double.isFinite(value))
        {
            throw new IllegalArgumentException("metric " + metric + " of the run at " + row.time() + " is " + value
                + ": Otava needs finite numbers (leave the metric out of that row instead)");
        }
        if (directions.get(metric) == null)
        {
            throw new IllegalArgumentException("metric " + metric + " has no direction: say whether higher or lower is better");
        }
    }

    private static Table table(final String testName, final List<String> metrics, final BitSet rows, final List<Row> sorted)
    {
        final StringBuilder csv = new StringBuilder();
        csv.append("time,commit");
        for (final String metric : metrics)
        {
            csv.append(',').append(csvField(metric));
        }
        csv.append('\n');
        for (int r = rows.nextSetBit(0); r >= 0; r = rows.nextSetBit(r + 1))
        {
            final Row row = sorted.get(r);
            csv.append(TIME.format(row.time().truncatedTo(ChronoUnit.SECONDS))).append(',');
            csv.append(csvField(row.commit().isBlank() ? UNKNOWN_COMMIT : row.commit()));
            for (final String metric : metrics)
            {
                csv.append(',').append(number(row.metrics().get(metric)));
            }
            csv.append('\n');
        }
        return new Table(testName, testName + ".csv", List.copyOf(metrics), rows.cardinality(), csv.toString());
    }

    /** Quoted (quotes doubled) when it holds the delimiter, a quote or a line break: the csv module's default dialect. */
    private static String csvField(final String value)
    {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0)
        {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** Plain decimal, shortest digits that give back the double: Python's float() reads it. */
    private static String number(final double value)
    {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** The history's name: the Otava test (one table) or test group (several) that the command analyses. */
    public String name()
    {
        return name;
    }

    public List<Table> tables()
    {
        return tables;
    }

    /** The value the command passes as {@code --since}: the day before the first row, UTC. */
    public LocalDate since()
    {
        return since;
    }

    /** {@code <name>.otava.yaml}, written next to the CSV files. */
    public String configFileName()
    {
        return name + ".otava.yaml";
    }

    /** The Otava configuration for the tables (YAML); file names are relative to the directory Otava runs in. */
    public String config()
    {
        final StringBuilder yaml = new StringBuilder();
        yaml.append("# Apache Otava configuration for the history ").append(name).append(".\n");
        yaml.append("# Run from the directory that holds this file and the CSV files:\n");
        yaml.append("#   ").append(command(ChangePointDetector.otavaDefaults())).append('\n');
        yaml.append("tests:\n");
        for (final Table table : tables)
        {
            yaml.append("  ").append(yamlString(table.testName())).append(":\n");
            yaml.append("    type: csv\n");
            yaml.append("    file: ").append(yamlString(table.fileName())).append('\n');
            yaml.append("    time_column: time\n");
            yaml.append("    attributes: [commit]\n");
            yaml.append("    csv_options:\n");
            yaml.append("      delimiter: ','\n");
            yaml.append("      quote_char: '\"'\n");
            yaml.append("    metrics:\n");
            for (final String metric : table.metrics())
            {
                yaml.append("      ").append(yamlString(metric)).append(":\n");
                yaml.append("        column: ").append(yamlString(metric)).append('\n');
                yaml.append("        direction: ").append(directions.get(metric).otavaDirection()).append('\n');
            }
        }
        if (tables.size() > 1)
        {
            yaml.append("test_groups:\n");
            yaml.append("  ").append(yamlString(name)).append(":\n");
            for (final Table table : tables)
            {
                yaml.append("    - ").append(yamlString(table.testName())).append('\n');
            }
        }
        return yaml.toString();
    }

    /**
     * The command that runs Otava on these files with {@code detector}'s window, p-value and
     * minimum magnitude, from the directory that holds them. Otava always uses its t-test and its
     * own merge, so it matches this package's results for the default method and
     * {@link MergeRule#OTAVA} only. {@code -P} is given in its short form: Otava's long form does
     * not parse.
     */
    public String command(final ChangePointDetector detector)
    {
        return "otava --config-file " + configFileName() + " analyze " + name + " --since " + since
            + " -P " + plain(detector.pValue()) + " -M " + plain(detector.minMagnitudePercent() / 100)
            + " --window " + detector.window();
    }

    /**
     * Writes the CSV files and {@link #configFileName()} into {@code directory} (created if needed),
     * each to a temporary name first and then moved into place; returns the paths written.
     */
    public List<Path> writeTo(final Path directory) throws IOException
    {
        Files.createDirectories(directory);
        final List<Path> written = new ArrayList<>();
        for (final Table table : tables)
        {
            written.add(write(directory.resolve(table.fileName()), table.csv()));
        }
        written.add(write(directory.resolve(configFileName()), config()));
        return written;
    }

    private static Path write(final Path target, final String content) throws IOException
    {
        final Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        return Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String plain(final double value)
    {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** A YAML single-quoted scalar: nothing inside is special except the quote, which is doubled. */
    private static String yamlString(final String value)
    {
        return "'" + value.replace("'", "''") + "'";
    }
}
