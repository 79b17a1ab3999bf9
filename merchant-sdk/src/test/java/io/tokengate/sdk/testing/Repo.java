package io.tokengate.sdk.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository the tests check the SDK against (the spec, the README). */
public final class Repo {

    private Repo() {
    }

    /** The repository root: the nearest directory upwards holding api-spec/openapi.yaml. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("api-spec/openapi.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("api-spec/openapi.yaml not found above " + Path.of("").toAbsolutePath());
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }
}
