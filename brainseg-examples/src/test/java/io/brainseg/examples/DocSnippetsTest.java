package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the Java code of README.md and docs/*.md identical to code that a test compiles and runs.
 *
 * <p>A code block in a page is checked when the line before it is a marker
 * {@code <!-- snippet: FILE between "START" and "END" -->}: FILE (relative to the repository root)
 * must hold the block's lines, de-indented, strictly between the first line containing START and
 * the next line containing END. The test in FILE runs the code; this test proves the page shows
 * that code and not an older copy.
 */
class DocSnippetsTest {

    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+) between \"(.+?)\" and \"(.+?)\" -->");

    /** One marked block of one page. */
    record Snippet(Path page, int line, String file, String start, String end, List<String> code) {
        @Override
        public String toString() {
            return root().relativize(page) + ":" + line + " <- " + file;
        }
    }

    static Path root() {
        // Surefire runs in the module folder; the repository root is its parent.
        return Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .normalize()
                .getParent();
    }

    static List<Snippet> snippets() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root().resolve("README.md"));
        try (Stream<Path> s = Files.list(root().resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<Snippet> out = new ArrayList<>();
        for (Path page : pages) {
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = MARKER.matcher(lines.get(i));
                if (!m.find()) {
                    continue;
                }
                int open = i + 1;
                while (open < lines.size() && lines.get(open).isBlank()) {
                    open++;
                }
                assertThat(open < lines.size() && lines.get(open).startsWith("```java"))
                        .as("%s:%d: a snippet marker must be followed by a ```java block", page, i + 1)
                        .isTrue();
                List<String> code = new ArrayList<>();
                int j = open + 1;
                while (j < lines.size() && !lines.get(j).startsWith("```")) {
                    code.add(lines.get(j));
                    j++;
                }
                out.add(new Snippet(page, i + 1, m.group(1), m.group(2), m.group(3), code));
            }
        }
        return out;
    }

    static List<String> region(Path file, String start, String end) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(start)) {
                from = i + 1;
                break;
            }
        }
        assertThat(from).as("no line containing \"%s\" in %s", start, file).isPositive();
        List<String> body = new ArrayList<>();
        for (int i = from; i < lines.size() && !lines.get(i).contains(end); i++) {
            body.add(lines.get(i));
        }
        int indent = body.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : body) {
            out.add(l.isBlank() ? "" : l.substring(indent).stripTrailing());
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    void pageShowsExactlyTheTestedCode(Snippet snippet) throws IOException {
        Path file = root().resolve(snippet.file());
        assertThat(file).as("the file a snippet of %s points at", snippet).exists();
        List<String> shown = snippet.code().stream().map(String::stripTrailing).toList();
        assertThat(shown)
                .as("%s shows different code than %s", snippet, snippet.file())
                .containsExactlyElementsOf(region(file, snippet.start(), snippet.end()));
    }

    @org.junit.jupiter.api.Test
    void everyPageWithJavaCodeMarksItsSnippets() throws IOException {
        // The guides listed here must have all their Java blocks checked.
        for (String name : List.of(
                "README.md", "docs/getting-started.md", "docs/transforms.md", "docs/models.md", "docs/prediction.md")) {
            Path page = root().resolve(name);
            if (!Files.exists(page)) {
                continue;
            }
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("```java")) {
                    int k = i - 1;
                    while (k >= 0 && lines.get(k).isBlank()) {
                        k--;
                    }
                    assertThat(k >= 0 && MARKER.matcher(lines.get(k)).find())
                            .as("%s:%d: a ```java block without a snippet marker", name, i + 1)
                            .isTrue();
                }
            }
        }
    }
}
