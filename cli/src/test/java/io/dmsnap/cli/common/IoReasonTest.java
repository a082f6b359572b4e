package io.dmsnap.cli.common;

import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class IoReasonTest
{
    @Test
    void theReasonIsTheOperatingSystemsWordsWithoutThePath()
    {
        assertEquals("no such file or directory", IoReason.of(new NoSuchFileException("jobs.fio")));
        assertEquals("permission denied", IoReason.of(new AccessDeniedException("/root/x")));
        assertEquals("is a directory", IoReason.of(new FileSystemException("/tmp", null, "Is a directory")));
        assertEquals("no space left on device", IoReason.of(new FileSystemException("/x", null, "No space left on device")));
        assertEquals("no such file or directory",
            IoReason.of(new FileNotFoundException("/proc/nope.json (No such file or directory)")));
        assertEquals("not UTF-8 text (a binary file?)", IoReason.of(new MalformedInputException(1)));
        assertEquals("is a directory", IoReason.of(new IOException("Is a directory")));
        assertEquals("EOF reached early", IoReason.of(new IOException("EOF reached early")));
        assertEquals("IOException", IoReason.of(new IOException()));
    }
}
