package dev.ecrpublic.local.secretsmanager;

import java.net.URI;

/** The contract against the embedded emulator: runs everywhere. */
class SecretsManagerEmulatorContractTest extends SecretsManagerContractTest {
    private SecretsManagerEmulator emulator;

    @Override
    URI start() throws Exception {
        emulator = SecretsManagerEmulator.start(null, "us-east-1");
        return emulator.endpoint();
    }

    @Override
    void stop() {
        if (emulator != null) emulator.close();
    }
}
