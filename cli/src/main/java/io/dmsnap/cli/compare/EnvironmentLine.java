package io.dmsnap.cli.compare;

/**
 * One field of the two environments, as a comparison checked it.
 *
 * @param field     the field's name as in result files ({@code cpu.model}, {@code jdk.version}, {@code jmh.warmup})
 * @param base      its value in the base; null when unknown
 * @param candidate its value in the candidate; null when unknown
 * @param checked   whether a difference refuses the comparison (unless allowed); otherwise it is only noted
 * @param status    {@code same}, {@code differs}, or {@code unknown} (not known on both sides: not checked)
 */
public record EnvironmentLine(String field, String base, String candidate, boolean checked, String status)
{
    static final String SAME = "same";
    static final String DIFFERS = "differs";
    static final String UNKNOWN = "unknown";

    /** Whether both sides know the field and disagree. */
    public boolean differs()
    {
        return DIFFERS.equals(status);
    }

    /** {@code field: 'x' (base) vs 'y' (candidate)}. */
    String describe()
    {
        return describe("base", "candidate");
    }

    /** {@code field: 'x' (left) vs 'y' (right)}, the sides named as given. */
    String describe(final String left, final String right)
    {
        return field + ": " + quote(base) + " (" + left + ") vs " + quote(candidate) + " (" + right + ")";
    }

    private static String quote(final String value)
    {
        if (value == null)
        {
            return "unknown";
        }
        return value.length() > 80 ? "'" + value.substring(0, 77) + "...'" : "'" + value + "'";
    }
}
