package io.tokengate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.sdk.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Java cannot drift: every {@code ```java} block in README.md is marked
 * {@code <!-- snippet:<name> -->} and is, character for character, the region
 * {@code // README:<name>} of {@link ReadmeSnippetsTest}, which runs it against the gateway.
 */
class ReadmeTest {

    private static final Pattern README_JAVA = Pattern.compile(
            "(?:<!-- snippet:([a-z0-9-]+) -->\\s*\\n)?```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern REGION = Pattern.compile(
            "^[ \\t]*// README:([a-z0-9-]+)\\n(.*?)^[ \\t]*// README:end\\n", Pattern.DOTALL | Pattern.MULTILINE);

    @Test
    void readmeJavaBlocksWhenComparedToTheTestedSnippetsThenIdentical() throws IOException {
        String readme = Files.readString(Repo.file("README.md"));
        String tested = Files.readString(Repo.file(
                "merchant-sdk/src/test/java/io/tokengate/sdk/ReadmeSnippetsTest.java"));
        Map<String, String> regions = new LinkedHashMap<>();
        Matcher region = REGION.matcher(tested);
        while (region.find()) {
            regions.put(region.group(1), dedent(region.group(2)));
        }
        Map<String, String> blocks = new LinkedHashMap<>();
        List<String> unmarked = new ArrayList<>();
        Matcher block = README_JAVA.matcher(readme);
        while (block.find()) {
            if (block.group(1) == null) {
                unmarked.add(block.group(2).lines().findFirst().orElse(""));
            } else {
                blocks.put(block.group(1), block.group(2));
            }
        }

        assertThat(regions).as("README regions in ReadmeSnippetsTest").hasSizeGreaterThanOrEqualTo(6);
        assertThat(unmarked).as("```java blocks in README.md without <!-- snippet:name -->: they would be "
                + "untested").isEmpty();
        assertThat(blocks.keySet()).as("snippets in README.md vs regions in ReadmeSnippetsTest")
                .containsExactlyInAnyOrderElementsOf(regions.keySet());
        regions.forEach((name, code) -> assertThat(blocks.get(name))
                .as("README.md snippet '%s' must equal the region // README:%s of ReadmeSnippetsTest", name, name)
                .isEqualTo(code));
    }

    /** Removes the indentation common to all non-blank lines. */
    static String dedent(String code) {
        int indent = code.lines().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        code.lines().forEach(l -> out.append(l.length() >= indent ? l.substring(indent) : l.strip()).append('\n'));
        return out.toString();
    }
}
