package io.dmsnap.cli.reportcmd;

import io.dmsnap.cli.compare.ComparisonHtml;
import io.dmsnap.cli.compare.ComparisonJson;
import io.dmsnap.cli.history.History;
import io.dmsnap.cli.history.HistoryHtml;
import io.dmsnap.cli.history.HistoryOptions;

/**
 * What an input of {@code dmsnap report} is, as {@link InputKinds#of} tells from its content, and
 * the {@link SectionWriter} that draws it: each kind is read by its own command's reader and drawn
 * with that command's sections.
 */
enum InputKind
{
    /** A result file of any kind the result readers accept, or a directory of repeated runs of one commit. */
    RESULT(new ResultSectionWriter()),
    /** The JSON output of {@code dmsnap compare --format json}: its verdicts, changes and charts. */
    COMPARISON((page, input) -> ComparisonHtml.append(page, ComparisonJson.read(input))),
    /**
     * A directory of runs of several commits, or of host directories: its series and change points,
     * found with the nightly defaults of {@code dmsnap history} (that command's options draw others).
     */
    HISTORY((page, input) -> HistoryHtml.appendTo(page, History.read(input, HistoryOptions.nightly()), 2));

    private final SectionWriter writer;

    InputKind(final SectionWriter writer)
    {
        this.writer = writer;
    }

    SectionWriter writer()
    {
        return writer;
    }
}
