package io.dmsnap.engine.dm;

/**
 * One parsed table line {@code <start> <length> <target> <args...>}.
 *
 * @param lineNumber 1-based line in the table text, for messages
 */
record TableLine(int lineNumber, long start, long length, String targetType, String[] args)
{
}
