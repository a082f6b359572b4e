package io.dmsnap.cli.history;

import java.nio.file.Path;

/**
 * A file left out of the history because it could not be read ({@code --skip-unreadable}).
 *
 * @param file    the file
 * @param name    the file relative to the directory given
 * @param problem what is wrong with it, without the file's name
 */
public record SkippedFile(Path file, String name, String problem)
{
}
