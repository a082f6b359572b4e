package io.dmsnap.cli.reportcmd;

import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.report.Charts;
import io.dmsnap.cli.report.HtmlPage;
import io.dmsnap.cli.report.ReportFiles;
import io.dmsnap.cli.report.ResultView;
import org.knowm.xchart.internal.chartpart.Chart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code dmsnap report FILE...}: one self-contained HTML page for result files (a matrix as
 * charts against workers beside the seed's ratios; any other result as charts of its rows),
 * comparisons (compare's sections) and histories (series with their change points), each input
 * a section. Every input is read and drawn before the page is written, so bad input
 * (exit 2, naming the file) leaves no partial report. Which kind of input is drawn by what is
 * {@link InputKind}.
 */
@Command(name = "report",
    description = {"Draw result files, comparisons and histories as one self-contained HTML page: a matrix as "
        + "throughput and latency against workers per preset with the seed's ratios beside ours, any other result "
        + "(JMH, fio, a directory of repeated runs) as charts and tables of its rows, a comparison (dmsnap compare "
        + "--format json) as its verdicts and changes, a history (a directory of nightly runs of several commits, "
        + "or of host directories) as series with their change points; each input a section.",
        "The page has no script and fetches nothing: it opens the same from a CI artifact or a mail."})
public final class ReportCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*",
        description = "Result files (dmsnap-result/1, dmsnap-matrix/1, JMH -rf json, fio JSON), directories of "
            + "repeated runs of one commit, comparisons (dmsnap-comparison/1) or history directories.")
    private List<Path> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html",
        description = "The page to write. Default: next to the first FILE, same name with .html.")
    private Path output;

    @Option(names = "--png", paramLabel = "DIR",
        description = "Also write every chart as a PNG file into DIR (NN-title.png), to attach to a ticket.")
    private Path pngDir;

    @Override
    public Integer call() throws IOException
    {
        final Path html = output != null ? output : ReportFiles.htmlNextTo(inputs.get(0));
        final Path target = html.toAbsolutePath().normalize();
        for (final Path input : inputs)
        {
            if (input.toAbsolutePath().normalize().equals(target))
            {
                throw new IllegalArgumentException("the report " + html + " would overwrite the input " + input
                    + ": give another --output FILE.html");
            }
        }
        if (Files.isDirectory(target))
        {
            throw new IllegalArgumentException("--output " + html + " is a directory: give a file name, e.g. report.html");
        }
        final HtmlPage page = new HtmlPage("dmsnap report: " + (inputs.size() == 1
            ? ResultView.sourceName(inputs.get(0)) : inputs.size() + " inputs"));
        if (inputs.size() > 1)
        {
            final List<String> names = new ArrayList<>();
            inputs.forEach(i -> names.add(i.toString()));
            page.paragraph("meta", "Inputs, one section each: " + String.join(", ", names));
        }
        for (final Path input : inputs)
        {
            InputKinds.of(input).writer().append(page, input);
        }
        page.write(html);
        final PrintWriter out = spec.commandLine().getOut();
        out.println("Report: " + html + " (" + page.charts().size() + (page.charts().size() == 1 ? " chart)" : " charts)"));
        if (pngDir != null)
        {
            writePngs(page.charts(), pngDir);
            out.println("Charts: " + page.charts().size() + " PNG files in " + pngDir);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Every chart as {@code NN-<title>.png}, numbered in page order. */
    static void writePngs(final List<Chart<?, ?>> charts, final Path dir) throws IOException
    {
        if (Files.exists(dir) && !Files.isDirectory(dir))
        {
            throw new IllegalArgumentException("--png " + dir + " is not a directory");
        }
        final int digits = String.valueOf(charts.size()).length();
        for (int i = 0; i < charts.size(); i++)
        {
            final String number = String.format(Locale.ROOT, "%0" + Math.max(2, digits) + "d", i + 1);
            Charts.writePng(charts.get(i), dir.resolve(number + "-" + slug(charts.get(i).getTitle()) + ".png"));
        }
    }

    /** A title as a file name: lower case, letters and digits, runs of anything else as one dash. */
    static String slug(final String title)
    {
        final String s = title == null ? "" : title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
        final String cut = s.length() > 60 ? s.substring(0, 60).replaceAll("-+$", "") : s;
        return cut.isEmpty() ? "chart" : cut;
    }
}
