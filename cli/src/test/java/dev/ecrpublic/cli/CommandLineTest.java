package dev.ecrpublic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator's command line in-process: help, exit codes, one-line errors, listings and shell completion. */
class CommandLineTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    Run state(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state", dir.resolve("state").toString()));
        return run(all.toArray(String[]::new));
    }

    /** Every command and subcommand, by the words that name it. */
    static Stream<String> commands() {
        List<String> names = new ArrayList<>();
        collect(Main.commandLine(), names);
        return names.stream();
    }

    private static void collect(CommandLine command, List<String> names) {
        names.add(command.getCommandSpec().qualifiedName(" "));
        for (CommandLine sub : command.getSubcommands().values()) collect(sub, names);
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void everyCommandHasItsOwnHelp(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.removeFirst();
        args.add("--help");
        Run help = run(args.toArray(String[]::new));
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().startsWith("Usage: " + command + " "), help.out());
        assertEquals("", help.err());
    }

    @Test
    void theCommandsAreThoseTheReadmeNames() {
        assertEquals(List.of("ecr-public", "ecr-public serve", "ecr-public credentials", "ecr-public credentials issue",
                        "ecr-public credentials list", "ecr-public credentials revoke", "ecr-public keys",
                        "ecr-public keys rotate", "ecr-public policy", "ecr-public policy set", "ecr-public policy show",
                        "ecr-public generate-completion"),
                commands().toList());
    }

    @Test
    void versionIsPrinted() {
        Run version = run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("ecr-public "), version.out());
    }

    @Test
    void aTypoIsAUsageErrorWithASuggestion() {
        Run typo = run("credentials", "lst");
        assertEquals(2, typo.exit());
        assertTrue(typo.err().startsWith("ecr-public credentials: Unmatched argument at index 1: 'lst'\n"), typo.err());
        assertTrue(typo.err().contains("Did you mean: credentials list?"), typo.err());
        assertTrue(typo.err().contains("Usage: ecr-public credentials [-hV] [COMMAND]"), "that command's usage: " + typo.err());
        assertFalse(typo.err().contains("Usage: ecr-public serve"), "and no other's: " + typo.err());

        Run option = run("serve", "--imagse", "dir");
        assertEquals(2, option.exit());
        assertTrue(option.err().contains("Possible solutions: --images"), option.err());
    }

    @Test
    void aCommandWithoutItsSubcommandIsAUsageError() {
        Run bare = run("keys");
        assertEquals(2, bare.exit());
        assertTrue(bare.err().startsWith("ecr-public keys: keys needs rotate\n"), bare.err());
        assertEquals(2, run().exit());
    }

    @Test
    void badValuesOnTheCommandLineAreUsageErrors() {
        Run expires = state("credentials", "issue", "ci", "--repositories", "hello", "--expires", "soon");
        assertEquals(2, expires.exit());
        assertTrue(expires.err().startsWith("ecr-public credentials issue: Invalid value for option '--expires': "
                + "'soon' is neither a duration"), expires.err());
        assertEquals(2, state("credentials", "issue", "ci", "--repositories", "hello", "--expires", "2001-01-01").exit());
        Run pattern = state("credentials", "issue", "ci", "--repositories", "Hello/[x");
        assertEquals(2, pattern.exit());
        assertTrue(pattern.err().startsWith("ecr-public credentials issue: --repositories: "), pattern.err());
        Run both = run("credentials", "list", "--state", "x", "--secret-id", "y");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        Run port = run("serve", "--port", "70000");
        assertEquals(2, port.exit());
        assertTrue(port.err().startsWith("ecr-public serve: --port must be a port number from 0 to 65535\n"), port.err());
    }

    @Test
    void aBadPolicyFileFailsInOneLineNamingTheField() throws Exception {
        Files.writeString(dir.resolve("policy.json"), "{\"tokenTTL\": 60}");
        Run bad = state("policy", "set", dir.resolve("policy.json").toString());
        assertEquals(1, bad.exit());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().startsWith("ecr-public policy set: " + dir.resolve("policy.json") + ": policy: unknown key(s) [tokenTTL]"),
                bad.err());
        assertEquals(1, state("policy", "set", dir.resolve("missing.json").toString()).exit());
    }

    @Test
    void credentialsAreListedAsAlignedColumnsOrJson() throws Exception {
        assertEquals(0, state("credentials", "issue", "ci-bot", "--repositories", "hello,team/*", "--expires", "30d").exit());
        assertEquals(0, state("credentials", "issue", "a-much-longer-name", "--repositories", "x/**").exit());

        List<String> table = state("credentials", "list").out().lines().toList();
        assertEquals(3, table.size(), String.join("\n", table));
        int expires = table.getFirst().indexOf("EXPIRES"), created = table.getFirst().indexOf("CREATED");
        for (String row : table.subList(1, 3)) {
            assertTrue(row.substring(expires).matches("(" + TIME + "|never) +" + TIME), "aligned, to the second: " + row);
            assertTrue(row.substring(created).matches(TIME), row);
        }
        assertTrue(table.get(1).startsWith("ci-bot  ") && table.get(2).startsWith("a-much-longer-name  "), table.toString());

        JsonNode listed = JSON.readTree(state("credentials", "list", "--output", "json").out());
        assertEquals(2, listed.size());
        assertEquals("ci-bot", listed.get(0).path("name").asText());
        assertEquals(List.of("hello", "team/*"), List.of(listed.get(0).path("repositories").get(0).asText(),
                listed.get(0).path("repositories").get(1).asText()));
        assertTrue(listed.get(0).path("expires").asText().matches(TIME));
        assertTrue(listed.get(1).path("expires").isNull());
        assertFalse(listed.get(1).path("expired").asBoolean());
        assertTrue(listed.get(1).path("created").asText().matches(TIME));

        Run revoked = state("credentials", "revoke", "nobody");
        assertEquals(1, revoked.exit());
        assertEquals("ecr-public credentials revoke: no credential named nobody\n", revoked.err());
    }

    @Test
    void keysRotateBeforeServeEverRanSaysWhy() {
        Run rotate = state("keys", "rotate");
        assertEquals(1, rotate.exit());
        assertEquals(1, rotate.err().lines().count(), rotate.err());
        assertTrue(rotate.err().contains("no signing key in"), rotate.err());
    }

    @Test
    void bashCompletesCommandsOptionsAndValues() throws Exception {
        Path bash = Path.of("/bin/bash");
        Assumptions.assumeTrue(Files.isExecutable(bash), "no /bin/bash here to complete in");
        Run script = run("generate-completion");
        assertEquals(0, script.exit(), script.err());
        Path file = dir.resolve("ecr-public.bash");
        Files.writeString(file, script.out());
        assertEquals(List.of("serve", "credentials", "keys", "policy", "generate-completion"), complete(file, "ecr-public", ""));
        assertEquals(List.of("issue", "list", "revoke"), complete(file, "ecr-public", "credentials", ""));
        assertEquals(List.of("local", "aws"), complete(file, "ecr-public", "serve", "--backend", ""));
        assertEquals(List.of("table", "json"), complete(file, "ecr-public", "credentials", "list", "--output", ""));
        assertEquals(List.of("--log-format"), complete(file, "ecr-public", "serve", "--log"));
    }

    /** What bash offers for the last word, as it would on TAB with the completion script sourced. */
    static List<String> complete(Path script, String... words) throws Exception {
        String array = String.join(" ", Stream.of(words).map(w -> "'" + w + "'").toList());
        String program = "source '" + script + "' && COMP_WORDS=(" + array + ") && COMP_CWORD=" + (words.length - 1)
                + " && COMP_LINE=\"${COMP_WORDS[*]}\" && COMP_POINT=${#COMP_LINE} && _complete_ecr-public"
                + " && printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process bash = new ProcessBuilder("/bin/bash", "-c", program).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), out);
        return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void logLinesReadAsTextAtATerminal() {
        assertEquals("04:20:41.512 INFO  pull status=200 repository=hello reason=\"two words\" cached=false",
                LogText.render("{\"time\":\"2026-12-04T04:20:41.512345Z\",\"level\":\"INFO\",\"message\":\"pull\","
                        + "\"status\":200,\"repository\":\"hello\",\"reason\":\"two words\",\"cached\":false}"));
        assertEquals("ecr-public registry listening on http://127.0.0.1:5000/v2/",
                LogText.render("ecr-public registry listening on http://127.0.0.1:5000/v2/"));
        assertEquals("{\"not\":\"a log line\"}", LogText.render("{\"not\":\"a log line\"}"));
        assertEquals("{broken", LogText.render("{broken"));
    }
}
