package io.dmsnap.cli.common;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The operating system's reason for a failed file operation, in the words {@code strerror} would
 * use, for one-line error messages such as {@code cannot read job file jobs.fio: is a directory}.
 *
 * <p>Java hides the reason in different places: the exception's type ({@link NoSuchFileException}
 * carries only the path), {@link FileSystemException#getReason()}, or the parenthesis of a
 * {@link FileNotFoundException}'s message. A message that repeats the path (as
 * {@code NoSuchFileException}'s does) would read "cannot read X: X"; this class never returns the
 * path itself.
 */
public final class IoReason
{
    private IoReason()
    {
    }

    /** The reason of {@code e}, lower case, without the path. */
    public static String of(final IOException e)
    {
        if (e instanceof NoSuchFileException)
        {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException)
        {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException)
        {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException)
        {
            return "file exists";
        }
        if (e instanceof DirectoryNotEmptyException)
        {
            return "directory not empty";
        }
        if (e instanceof CharacterCodingException)
        {
            return "not UTF-8 text (a binary file?)";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null)
        {
            return lowerFirst(((FileSystemException) e).getReason());
        }
        final String message = e.getMessage();
        if (message == null || message.isBlank())
        {
            return e.getClass().getSimpleName();
        }
        // java.io's "path (No such file or directory)".
        final int open = message.lastIndexOf(" (");
        if (e instanceof FileNotFoundException && open >= 0 && message.endsWith(")"))
        {
            return lowerFirst(message.substring(open + 2, message.length() - 1));
        }
        return lowerFirst(message);
    }

    /** The reason of the I/O failure inside {@code e}. */
    public static String of(final UncheckedIOException e)
    {
        return of(e.getCause());
    }

    private static String lowerFirst(final String text)
    {
        // "Is a directory" -> "is a directory", but keep acronyms such as "UTF-8" or "EOF".
        if (text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1)))
        {
            return Character.toLowerCase(text.charAt(0)) + text.substring(1);
        }
        return text;
    }
}
