package io.dmsnap.cli.reportcmd;

/** What an input of {@code dmsnap report} is, as {@link InputKinds#of} tells from its content. */
enum InputKind
{
    /** A result file of any kind the result readers accept, or a directory of repeated runs of one commit. */
    RESULT("a result file", "result files"),
    /** The JSON output of {@code dmsnap compare --format json}: an object whose rows carry verdicts. */
    COMPARISON("the output of dmsnap compare --format json", "comparisons"),
    /** A directory of runs of several commits: a history, for {@code dmsnap history}. */
    HISTORY("a history (a directory of runs of several commits)", "histories");

    private final String description;
    private final String plural;

    InputKind(final String description, final String plural)
    {
        this.description = description;
        this.plural = plural;
    }

    /** {@code a result file}, {@code the output of dmsnap compare --format json}: for messages. */
    String description()
    {
        return description;
    }

    /** {@code comparisons}: for messages. */
    String plural()
    {
        return plural;
    }
}
