package dev.byok.keys;

import dev.byok.crypto.EncryptedSecret;

/** Where a key's secret lives: envelope-encrypted in the table, or in a Secrets Manager secret the team owns. */
public sealed interface KeyMaterial {
    record Envelope(EncryptedSecret secret) implements KeyMaterial {
    }

    record SecretReference(String secretArn) implements KeyMaterial {
    }
}
