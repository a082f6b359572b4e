package io.dmsnap.cli.common;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class TextTableTest
{
    @Test
    void columnsAreAsWideAsTheirWidestCellWithoutTrailingBlanks()
    {
        final StringWriter text = new StringWriter();
        final PrintWriter out = new PrintWriter(text);
        new TextTable(3).row(List.of("a", "bbb", "c")).row(List.of("dddd", "e", "")).print(out);
        out.flush();
        assertEquals("a     bbb  c\ndddd  e\n", text.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void rowsMustMatchTheColumnCount()
    {
        assertThrows(IllegalArgumentException.class, () -> new TextTable(2).row(List.of("only one")));
        assertThrows(IllegalArgumentException.class, () -> new TextTable(0));
    }
}
