package io.brainseg.examples;

import io.brainseg.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A self-contained {@code report.html} built section by section: headings, paragraphs, tables,
 * preformatted text and images referenced by a path relative to the report (so a run directory
 * can be moved or zipped whole). Text is HTML-escaped; the file is written atomically.
 */
final class HtmlReport {

    /** The report's file name inside a run or output directory. */
    static final String FILE = "report.html";

    private final StringBuilder body = new StringBuilder();
    private final String title;

    HtmlReport(String title) {
        this.title = title;
        body.append("<h1>").append(escape(title)).append("</h1>\n");
    }

    HtmlReport heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    HtmlReport preformatted(String text) {
        body.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    /**
     * Adds a table.
     *
     * @param header the column names
     * @param rows the rows, each as long as the header
     * @return this
     */
    HtmlReport table(List<String> header, List<List<String>> rows) {
        body.append("<table>\n<tr>");
        header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
        body.append("</tr>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            row.forEach(c -> body.append("<td>").append(escape(c)).append("</td>"));
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /**
     * Adds an image with a caption.
     *
     * @param relativePath the image path relative to the report, with '/' separators
     * @param caption the caption
     * @return this
     */
    HtmlReport image(String relativePath, String caption) {
        body.append("<figure><img src=\"")
                .append(escape(relativePath))
                .append("\" alt=\"")
                .append(escape(caption))
                .append("\"><figcaption>")
                .append(escape(caption))
                .append("</figcaption></figure>\n");
        return this;
    }

    String toHtml() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;"
                + "text-align:right}th{background:#eee}img{max-width:100%;border:1px solid #ddd}"
                + "figure{margin:1em 0}figcaption{color:#555;font-size:90%}pre{background:#f6f6f6;padding:8px;"
                + "overflow:auto}</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    /**
     * Writes the report as {@code dir/report.html}.
     *
     * @param dir the directory
     * @return the file written
     */
    Path write(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            AtomicFiles.writeString(file, toHtml());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
