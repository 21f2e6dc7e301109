package dev.byok.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Locations the deployment checks work on: the repository root, its template.yaml and the test's helper scripts. */
final class DeploymentFiles {

    private DeploymentFiles() {
    }

    /** The repository root: set by the module's Surefire configuration, else the parent of the working directory. */
    static Path repositoryRoot() {
        String configured = System.getProperty("byok.repository.root");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        root = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("template.yaml"))) {
            throw new IllegalStateException("no template.yaml under " + root + " (set -Dbyok.repository.root)");
        }
        return root;
    }

    /** The SAM template every deployment check reads. */
    static Path template() {
        return repositoryRoot().resolve("template.yaml");
    }

    /** Copies a test resource to a temporary file, so an external tool can run it whatever the classpath layout. */
    static Path resourceAsFile(String name) {
        try (InputStream in = DeploymentFiles.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            Path copy = Files.createTempFile("byok-", "-" + name);
            copy.toFile().deleteOnExit();
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
