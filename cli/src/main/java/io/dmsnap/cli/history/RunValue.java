package io.dmsnap.cli.history;

import io.dmsnap.cli.result.Direction;

/**
 * The value one run gives a row of the history: the median of all the row's samples in that run's
 * file (every iteration of every fork, or fio's one value), with the row's unit and direction as
 * that file states them.
 *
 * @param unit      as the file spells it
 * @param direction which way is better, as the file says
 * @param value     the median of the row's samples
 */
public record RunValue(String unit, Direction direction, double value)
{
}
