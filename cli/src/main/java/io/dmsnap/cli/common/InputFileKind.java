package io.dmsnap.cli.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What kind of file a path names, for the commands that read a file the user names (a COW image,
 * a job file): only a regular file or a block device is read. Opening a FIFO blocks until a writer
 * comes, possibly forever, and a character device or socket has no size to check, so they are
 * refused before they are opened.
 */
public final class InputFileKind
{
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;

    private InputFileKind()
    {
    }

    /**
     * Null when {@code path} (links followed) is a regular file or a block device, else what it is
     * ("a FIFO (named pipe)", "a directory", ...). A path that cannot be examined is left to the
     * caller's open, which reports the OS reason.
     */
    public static String refusal(final Path path)
    {
        final int type;
        try
        {
            type = ((Integer) Files.getAttribute(path, "unix:mode")) & S_IFMT;
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException e)
        {
            return Files.isDirectory(path) ? "a directory" : null;
        }
        switch (type)
        {
            case S_IFREG:
            case S_IFBLK:
                return null;
            case S_IFIFO:
                return "a FIFO (named pipe)";
            case S_IFDIR:
                return "a directory";
            case S_IFCHR:
                return "a character device";
            case S_IFSOCK:
                return "a socket";
            default:
                return "not a regular file";
        }
    }

    /** The one-line message for a refused {@code path}: "X is a FIFO (named pipe): only a regular file or a block device is read". */
    public static String message(final String kind)
    {
        return kind + ": only a regular file or a block device is read";
    }
}
