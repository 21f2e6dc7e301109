package dev.byok.benchmarks.coldstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JarCompositionTest {

    @Test
    void entries_are_grouped_by_library_with_the_aws_sdk_split_by_module() {
        assertEquals("io.micronaut.http", JarComposition.library("io/micronaut/http/server/Foo.class"));
        assertEquals("software.amazon.awssdk.core", JarComposition.library("software/amazon/awssdk/core/Foo.class"));
        assertEquals("software.amazon.awssdk.services.dynamodb",
                JarComposition.library("software/amazon/awssdk/services/dynamodb/model/Foo.class"));
        assertEquals("dev.byok", JarComposition.library("dev/byok/Foo.class"));
        assertEquals("META-INF", JarComposition.library("META-INF/services/x"));
        assertEquals("(top-level files)", JarComposition.library("logback.xml"));
    }

    @Test
    void counts_classes_and_orders_libraries_by_size(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("test.jar");
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("a/b/c/Small.class"));
            zip.write(new byte[10]);
            zip.putNextEntry(new ZipEntry("x/y/z/Big.class"));
            byte[] random = new byte[5000];
            new java.util.Random(1).nextBytes(random);
            zip.write(random);
            zip.putNextEntry(new ZipEntry("x/y/z/data.bin"));
            zip.write(new byte[1]);
        }

        JarComposition composition = JarComposition.of(jar);

        assertEquals(2, composition.classes());
        assertEquals(Files.size(jar), composition.bytes());
        Map.Entry<String, Long> largest = composition.byLibrary().get(0);
        assertEquals("x.y.z", largest.getKey());
    }
}
