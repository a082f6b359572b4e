package io.dmsnap.cli.compare;

import io.dmsnap.cli.result.RowKey;

import java.util.ArrayList;
import java.util.List;

/**
 * The band rules of one comparison: those of the command line ({@code --band}, {@code --direction},
 * in the order given) before those of the bands file. For a row, the first rule that matches and
 * sets a band decides the band ({@value #FALLBACK_BAND_PERCENT}% when none does); the first
 * command-line rule and the first file rule that name a direction or skip are reported apart,
 * because they rank differently against the direction the results themselves give (see
 * {@link ResultComparison}). Immutable.
 */
final class BandRules
{
    /** The band of a row that no rule gives one. */
    static final double FALLBACK_BAND_PERCENT = 5.0;

    /**
     * What the rules say about one row.
     *
     * @param bandPercent       the band
     * @param bandRule          the rule that set it; null when it is the fallback
     * @param commandLineAction the first command-line rule naming a direction or skip; null when none
     * @param fileAction        the first bands-file rule naming a direction or skip; null when none
     */
    record Match(double bandPercent, BandRule bandRule, BandRule commandLineAction, BandRule fileAction)
    {
        /** Where the band comes from: {@code glob (origin)} or {@code built-in}. */
        String bandSource()
        {
            return bandRule == null ? "built-in " + BandRule.formatPercent(FALLBACK_BAND_PERCENT)
                : bandRule.glob() + " (" + bandRule.origin() + ")";
        }
    }

    private final List<BandRule> commandLine;
    private final List<BandRule> file;
    private final String fileName;

    /**
     * @param commandLine the {@code --band} and {@code --direction} rules, in the order given
     * @param file        the bands file, or null when none is used
     * @throws IllegalArgumentException when a command-line rule can never apply
     */
    BandRules(final List<BandRule> commandLine, final BandsFile file)
    {
        BandsFile.checkReachable(commandLine);
        this.commandLine = List.copyOf(commandLine);
        this.file = file == null ? List.of() : file.rules();
        this.fileName = file == null ? null : file.name();
    }

    /** The bands file's name, or null when none is used. */
    String fileName()
    {
        return fileName;
    }

    /** Every rule, command line first. */
    List<BandRule> all()
    {
        final List<BandRule> all = new ArrayList<>(commandLine);
        all.addAll(file);
        return all;
    }

    /** What the rules say about the row with this key. */
    Match match(final RowKey key)
    {
        final List<String> subjects = RowSubjects.of(key);
        BandRule band = null;
        BandRule commandLineAction = null;
        for (final BandRule r : commandLine)
        {
            if ((band == null && r.bandPercent() != null || commandLineAction == null && r.action() != null)
                && matches(r, subjects))
            {
                band = band == null && r.bandPercent() != null ? r : band;
                commandLineAction = commandLineAction == null && r.action() != null ? r : commandLineAction;
            }
        }
        BandRule fileAction = null;
        for (final BandRule r : file)
        {
            if (band != null && fileAction != null)
            {
                break;
            }
            if ((band == null && r.bandPercent() != null || fileAction == null && r.action() != null)
                && matches(r, subjects))
            {
                band = band == null && r.bandPercent() != null ? r : band;
                fileAction = fileAction == null && r.action() != null ? r : fileAction;
            }
        }
        return new Match(band == null ? FALLBACK_BAND_PERCENT : band.bandPercent(), band, commandLineAction, fileAction);
    }

    /**
     * A {@code --band GLOB=PCT} option.
     *
     * @throws IllegalArgumentException when it is not of that form
     */
    static BandRule bandOption(final String text)
    {
        final BandRule rule = option(text, "--band", "GLOB=PCT, e.g. --band 'fio_*_latency=8%'");
        if (rule.action() != null || rule.bandPercent() == null)
        {
            throw new IllegalArgumentException("--band " + text + ": give a band only, GLOB=PCT (a direction goes in"
                + " --direction GLOB=higher|lower|skip)");
        }
        return rule;
    }

    /**
     * A {@code --direction GLOB=higher|lower|skip} option.
     *
     * @throws IllegalArgumentException when it is not of that form
     */
    static BandRule directionOption(final String text)
    {
        final BandRule rule = option(text, "--direction", "GLOB=higher|lower|skip, e.g. --direction '*:gc.count=skip'");
        if (rule.bandPercent() != null || rule.action() == null)
        {
            throw new IllegalArgumentException("--direction " + text + ": give higher, lower or skip after the = (a band"
                + " goes in --band GLOB=PCT)");
        }
        return rule;
    }

    private static BandRule option(final String text, final String option, final String form)
    {
        final int eq = text.lastIndexOf('=');
        if (eq <= 0 || text.substring(0, eq).isBlank())
        {
            throw new IllegalArgumentException(option + " " + text + ": expected " + form);
        }
        try
        {
            return BandRule.parse(Glob.of(text.substring(0, eq).strip()), text.substring(eq + 1), option);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException(e.getMessage().startsWith(option) ? e.getMessage()
                : option + " " + text + ": " + e.getMessage(), e);
        }
    }

    private static boolean matches(final BandRule rule, final List<String> subjects)
    {
        for (final String s : subjects)
        {
            if (rule.glob().matches(s))
            {
                return true;
            }
        }
        return false;
    }
}
