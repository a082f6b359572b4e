package io.dmsnap.cli.result;

/** What kind of file a result set was read from. */
public enum ResultKind
{
    /** A dmsnap result file: {@code dmsnap-result/1}, or the older {@code dmsnap-matrix/1}. */
    DMSNAP("dmsnap"),
    /** JMH's JSON result ({@code -rf json}): an array of benchmark objects. */
    JMH("jmh"),
    /** fio's JSON output ({@code --output-format=json} or {@code json+}), from fio 3.x or {@code dmsnap fio}. */
    FIO("fio");

    private final String label;

    ResultKind(final String label)
    {
        this.label = label;
    }

    /** The lower-case name used in messages and in result files. */
    public String label()
    {
        return label;
    }
}
