package io.dmsnap.cli.reproduce;

/** The answer of a yes/no column of the table, or why there is none. */
public enum Effect
{
    YES("yes"),
    NO("no"),
    /** The seed gives no figure to compare an effect size with. */
    NO_FIGURE("n/a: the seed gives no figure"),
    /** The reproduction did not run to the end. */
    FAILED("not run");

    private final String cell;

    Effect(final String cell)
    {
        this.cell = cell;
    }

    public static Effect of(final boolean yes)
    {
        return yes ? YES : NO;
    }

    /** The table cell. */
    public String cell()
    {
        return cell;
    }
}
