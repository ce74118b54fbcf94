package org.blockspec.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstantiationAwareExtension.ExtensionContextScope;

/**
 * Gives each test a fresh {@link QmpFixture} (constructor or method parameter) in its own
 * temporary directory, and closes both after the test.
 */
public final class QmpFixtureExtension implements ParameterResolver {
    /** Constructor injection must see the test method's context, so each test gets its own fixture. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == QmpFixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        ExtensionContext.Store store = c.getStore(ExtensionContext.Namespace.create(QmpFixtureExtension.class,
                c.getUniqueId()));
        return store.computeIfAbsent("fixture", k -> new Resource(), Resource.class).fixture;
    }

    private static final class Resource implements AutoCloseable {
        final Path dir;
        final QmpFixture fixture;

        Resource() {
            try {
                dir = Files.createTempDirectory("blockspec-test");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            fixture = new QmpFixture(dir);
        }

        @Override
        public void close() throws IOException {
            fixture.close();
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
