package io.dmsnap.cli.reportcmd;

import io.dmsnap.cli.matrix.MatrixReport;
import io.dmsnap.cli.report.HtmlPage;
import io.dmsnap.cli.report.ResultView;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultSet;

import java.nio.file.Path;

/**
 * A result file or a directory of repeated runs: the matrix's pictures when it holds a matrix
 * (fio benchmark scores of two presets), the generic view of its rows otherwise. Stateless.
 */
final class ResultSectionWriter implements SectionWriter
{
    @Override
    public void append(final HtmlPage page, final Path input)
    {
        final ResultSet set = ResultFiles.read(input);
        if (MatrixReport.isMatrix(set))
        {
            MatrixReport.append(page, set);
        }
        else
        {
            ResultView.append(page, set);
        }
    }
}
