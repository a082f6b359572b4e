package io.dmsnap.cli.reportcmd;

import io.dmsnap.cli.report.HtmlPage;

import java.nio.file.Path;

/**
 * Draws one kind of input ({@link InputKind}) as a section of the report: reads the input and
 * appends its headings, charts and tables to the page. Bad input is an
 * {@link IllegalArgumentException} whose message names the input and the problem (exit 2), thrown
 * before the page is written, so a refused input never leaves a partial report.
 *
 * <p>Each {@link InputKind} has its writer: it reads the input with its own command's reader and
 * appends that command's sections to the page.
 */
@FunctionalInterface
interface SectionWriter
{
    void append(HtmlPage page, Path input);
}
