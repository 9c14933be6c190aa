package dev.ecrpublic.local.secretsmanager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Secrets as files, one per secret ({@code <dir>/<url-encoded name>.json}), shared by every process that opens the
 * same folder (a running {@code serve} and a {@code credentials issue} run). Every read goes to the file, so no process
 * serves a stale copy; a write replaces the file by atomic move, so readers never see half of one; and every
 * read-modify-write holds an exclusive lock on the secret's lock file, so concurrent writers never lose an update.
 * Files are owner-only where the file system has POSIX permissions: they hold secret values.
 */
final class SecretStore {
    /**
     * The OS lock belongs to the whole process, and on POSIX closing any channel on the file drops it, so the threads
     * of one JVM (several emulators included) take turns here before one of them takes the file lock. This is the one
     * piece of state wider than an emulator, because the thing it guards is too.
     */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private static final int MAX_PLAIN_FILE_NAME = 200;

    private final Path dir;
    private final SecretCodec codec;
    private final boolean posix;

    SecretStore(Path dir, SecretCodec codec) throws IOException {
        this.posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Files.createDirectories(dir, posix ? new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))} : new FileAttribute<?>[0]);
        this.dir = dir.toRealPath();
        this.codec = codec;
    }

    Optional<StoredSecret> read(String name) {
        try {
            return Optional.of(codec.read(Files.readAllBytes(file(name))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file(name), e);
        }
    }

    /**
     * Applies {@code change} to the secret as it is on disk now (empty when it does not exist) and writes the result
     * back, all under the secret's lock. A change that returns its input writes nothing; one that throws writes nothing.
     */
    StoredSecret update(String name, UnaryOperator<Optional<StoredSecret>> change) {
        Path lockFile = dir.resolve(fileName(name) + ".lock");
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        inProcess.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock();
            try {
                Optional<StoredSecret> before = read(name);
                Optional<StoredSecret> after = change.apply(before);
                StoredSecret result = after.orElseThrow(() -> new IllegalStateException("a change cannot delete a secret"));
                if (!after.equals(before)) write(result);
                return result;
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock secret " + name, e);
        } finally {
            inProcess.unlock();
        }
    }

    private void write(StoredSecret secret) throws IOException {
        Path temp = posix
                ? Files.createTempFile(dir, "~tmp-", ".json",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, "~tmp-", ".json");
        try {
            // "~" never appears in an encoded name, so a temp file can never be taken for a secret.
            Files.write(temp, codec.write(secret));
            Files.move(temp, file(secret.name()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    Path file(String name) {
        return dir.resolve(fileName(name) + ".json");
    }

    /**
     * Names may hold '/', which must not become a folder: URL encoding keeps every name one flat file name. A name
     * may have 512 characters, more than a file name may, so a long one is cut and told apart by its hash (the file
     * holds the full name anyway).
     */
    static String fileName(String name) {
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8);
        if (encoded.length() <= MAX_PLAIN_FILE_NAME) return encoded;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return encoded.substring(0, 100) + "~" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
