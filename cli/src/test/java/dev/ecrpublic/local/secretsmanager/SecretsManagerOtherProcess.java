package dev.ecrpublic.local.secretsmanager;

import java.nio.file.Path;
import java.util.List;

/**
 * A second process on the same state folder, as a {@code credentials issue} run is beside a running {@code serve}:
 * puts {@code count} versions into secret {@code name} through its own emulator and SDK client.
 */
final class SecretsManagerOtherProcess {
    private SecretsManagerOtherProcess() {}

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        String name = args[1];
        int count = Integer.parseInt(args[2]);
        try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start(state, "eu-west-1");
             var sm = SecretsManagerContractTest.client(emulator.endpoint())) {
            for (int i = 0; i < count; i++) {
                String value = "other-process-" + i;
                System.out.println(sm.putSecretValue(r -> r.secretId(name).secretString(value)).versionId());
            }
        }
    }

    /** Starts the process with this JVM's class path; its stdout lists the version ids it wrote, errors go to stderr. */
    static Process start(Path state, String name, int count, Path stderr) throws java.io.IOException {
        return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SecretsManagerOtherProcess.class.getName(),
                state.toString(), name, Integer.toString(count)))
                .redirectError(stderr.toFile()).start();
    }
}
