package io.dmsnap.cli.result;

import java.util.List;

/**
 * What a reader found in one document before it becomes a {@link ResultSet}: the environment the
 * document records and its rows (each key once, at least one row).
 */
record SourceContent(Environment environment, List<Measurement> measurements)
{
    SourceContent
    {
        measurements = List.copyOf(measurements);
    }
}
