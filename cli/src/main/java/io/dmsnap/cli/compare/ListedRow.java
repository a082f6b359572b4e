package io.dmsnap.cli.compare;

/**
 * A row a comparison lists without comparing it: on one side only, skipped by a rule, or not
 * comparable.
 *
 * @param row    what the row is
 * @param reason why it is listed, one sentence
 */
public record ListedRow(RowInfo row, String reason)
{
}
