package io.dmsnap.cli.compare;

/**
 * A band rule that decided something in a comparison, and for how many rows.
 *
 * @param glob        the rule's glob; {@code *} for the built-in fallback
 * @param bandPercent the band it sets; null when it only names a direction or skip
 * @param action      {@code higher}, {@code lower}, {@code skip}, or null
 * @param origin      where it was written ({@code results/bands.txt:12}, {@code --band}, {@code built-in})
 * @param rows        how many rows it decided the band or direction of
 */
public record BandUse(String glob, Double bandPercent, String action, String origin, int rows)
{
}
