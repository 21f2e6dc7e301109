package dev.byok.testing.aws;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MotoServerTest {

    @Test
    void startsOnLoopbackAndStopsCompletelyOnClose() throws Exception {
        MotoServer moto = MotoServer.start();
        long pid = moto.pid();
        try {
            assertTrue(moto.isRunning());
            assertEquals("http://127.0.0.1:" + moto.port(), moto.endpoint().toString());
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(moto.endpoint().resolve("/moto-api/data.json")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
        } finally {
            moto.close();
        }
        assertFalse(moto.isRunning());
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        assertTrue(handle.isEmpty() || !handle.get().isAlive(), "moto process " + pid + " still alive");
        // 0 = the launcher saw EOF on stdin and exited by itself (a destroyed process would report 143 or 137)
        assertEquals(0, moto.exitCode().orElseThrow());
        moto.close(); // idempotent
    }

    @Test
    void givenPortIsUsed() {
        int port = MotoServer.freeLoopbackPort();
        try (MotoServer moto = MotoServer.start(port)) {
            assertEquals(port, moto.port());
        }
    }

    @Test
    void sharedIsOnePerJvm() {
        assertSame(MotoServer.shared(), MotoServer.shared());
    }

    @Test
    void countsRequestsByActionAndResets() throws Exception {
        try (MotoServer moto = MotoServer.start()) {
            assertTrue(moto.requestCounts().isEmpty());
            HttpClient http = HttpClient.newHttpClient();
            // an unsigned request is not an SDK call and is not counted; a signed-looking KMS call is
            HttpRequest kmsCall = HttpRequest.newBuilder(moto.endpoint())
                    .header("X-Amz-Target", "TrentService.ListKeys")
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kms/aws4_request, "
                            + "SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            http.send(kmsCall, HttpResponse.BodyHandlers.ofString());
            http.send(kmsCall, HttpResponse.BodyHandlers.ofString());
            assertEquals(2L, moto.requestCount("TrentService.ListKeys"));
            assertEquals(2L, new KmsRequestCounter(moto).count("ListKeys"));
            moto.resetRequestCounts();
            assertTrue(moto.requestCounts().isEmpty());
        }
    }

    @Test
    void missingPythonGivesAnInstallHint() {
        String previous = System.setProperty(MotoServer.PYTHON_PROPERTY, "/nonexistent/python3-for-byok-test");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, MotoServer::start);
            assertTrue(e.getMessage().contains("pip install \"moto[server]\""), e.getMessage());
            assertTrue(e.getMessage().contains(MotoServer.PYTHON_ENV), e.getMessage());
        } finally {
            restore(previous);
        }
    }

    @Test
    void missingMotoGivesAnInstallHint() throws IOException {
        // python3 -S skips site-packages, so moto cannot be imported: same as an interpreter without moto
        Path wrapper = Files.createTempFile("python-without-site-", ".sh",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(wrapper, "#!/bin/sh\nexec python3 -S \"$@\"\n");
        String previous = System.setProperty(MotoServer.PYTHON_PROPERTY, wrapper.toString());
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, MotoServer::start);
            assertTrue(e.getMessage().contains("moto is not installed"), e.getMessage());
            assertTrue(e.getMessage().contains("pip install \"moto[server]\""), e.getMessage());
        } finally {
            restore(previous);
            Files.deleteIfExists(wrapper);
        }
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty(MotoServer.PYTHON_PROPERTY);
        } else {
            System.setProperty(MotoServer.PYTHON_PROPERTY, previous);
        }
    }
}
