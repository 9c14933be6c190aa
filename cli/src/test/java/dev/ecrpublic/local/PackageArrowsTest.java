package dev.ecrpublic.local;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The local packages depend on each other one way only: each imitation on the protocol, the wiring on them all. */
class PackageArrowsTest {
    static final Path SOURCES = Path.of("src", "main", "java", "dev", "ecrpublic", "local");
    static final Pattern IMPORT = Pattern.compile("^import (?:static )?(dev\\.ecrpublic\\.local(?:\\.\\w+)*?)\\.[A-Z]", Pattern.MULTILINE);

    @ParameterizedTest(name = "{0} never imports {1}")
    @CsvSource({
            "awsjson, local",
            "awsjson, local.ecr",
            "awsjson, local.secretsmanager",
            "awsjson, local.gateway",
            "ecr, local",
            "ecr, local.secretsmanager",
            "ecr, local.gateway",
            "secretsmanager, local",
            "secretsmanager, local.ecr",
            "secretsmanager, local.gateway",
            "gateway, local",
            "gateway, local.ecr",
            "gateway, local.secretsmanager",
            "gateway, local.awsjson",
    })
    void importsGoOneWay(String from, String forbidden) throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(SOURCES.resolve(from))) {
            files = listed.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertFalse(files.isEmpty(), "no sources under " + SOURCES.resolve(from));
        for (Path file : files) {
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find())
                assertFalse(m.group(1).equals("dev.ecrpublic." + forbidden), file + " imports from " + m.group(1));
        }
    }

    @ParameterizedTest(name = "the functions' module {0} never imports the cli")
    @CsvSource({"shared", "proxy-function", "authorizer-function"})
    void functionsNeverDependOnTheCli(String module) throws IOException {
        Path sources = Path.of("..", module, "src", "main", "java");
        try (Stream<Path> files = Files.walk(sources)) {
            List<Path> offending = files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    String source = Files.readString(f);
                    return source.contains("import dev.ecrpublic.local") || source.contains("import dev.ecrpublic.cli");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
            assertEquals(List.of(), offending);
        }
    }
}
