package dev.ecrpublic.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * bench/run: cold starts, warm latency and JMH of the three pull-path functions, against the emulators running in
 * this JVM, as one Markdown report on stdout (progress on stderr). See bench/README.md for what each number means.
 */
public final class BenchMain {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ECR_OP = "BatchGetImage";
    private static final String SECRETS_OP = "GetSecretValue";

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.HelpRequested e) {
            System.out.println(Options.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options, System.out, System.err));
    }

    static int run(Options options, PrintStream report, PrintStream progress) throws Exception {
        Path repo = options.repo().toAbsolutePath().normalize();
        Path proxyJar = repo.resolve("proxy-function/target/proxy-function.jar");
        Path authJar = repo.resolve("authorizer-function/target/authorizer-function.jar");
        for (Path jar : List.of(proxyJar, authJar)) {
            if (!Files.isRegularFile(jar)) {
                progress.println("bench: " + jar + " is missing: run mvn -B -q package -DskipTests first");
                return 1;
            }
        }
        String toolOptions = Template.javaToolOptions(repo.resolve("template.yaml"));
        List<String> templateFlags = List.of(toolOptions.trim().split("\\s+"));
        Instant started = Instant.now();
        StringBuilder out = new StringBuilder();
        header(out, options, repo, toolOptions, started);

        progress.println("bench: starting the ECR and Secrets Manager emulators");
        try (Fixtures fixtures = Fixtures.start();
             ChildJvm jvm = new ChildJvm(options.java(), toolOptions, options.jvmFlags())) {
            String digest = fixtures.latest.value();
            Function proxy = new Function("proxy", "GET /v2/hello/manifests/latest, OCI index Accept", proxyJar,
                    "dev.ecrpublic.proxy.ProxyHandler", fixtures.proxyEnvironment(), fixtures.proxyTagEvent(),
                    proxyAnswer(digest), 400, 150);
            Function authorizer = new Function("authorizer", "REQUEST authorizer event, valid Bearer token", authJar,
                    "dev.ecrpublic.authorizer.AuthorizerHandler", fixtures.authorizerEnvironment(),
                    fixtures.authorizerEvent(), authorizerAnswer(), 350, 100);
            Function token = new Function("token", "GET /v2/token, Basic ci:secret, scope repository:hello:pull",
                    authJar, "dev.ecrpublic.authorizer.TokenHandler", fixtures.tokenEnvironment(),
                    fixtures.tokenEvent(), tokenAnswer(), 350, 300);
            // The token endpoint and the authorizer as one function (its first event in a pull is the token request).
            Function merged = new Function("token+authorizer", "GET /v2/token, as token", authJar,
                    "dev.ecrpublic.authorizer.TokenAndAuthorizerHandler", fixtures.tokenEnvironment(),
                    fixtures.tokenEvent(), tokenAnswer(), 350, 300);
            List<Function> functions = List.of(proxy, authorizer, token);

            if (options.parts().contains("cold")) {
                progress.printf("bench: cold starts, %d runs per function%n", options.runs());
                cold(out, new ColdStart(jvm, fixtures, progress).measure(List.of(proxy, authorizer, token, merged),
                        options.runs()), options.runs());
                progress.printf("bench: cold pulls, %d per layout%n", options.runs());
                pull(out, new ColdPull(jvm, fixtures, progress).measure(List.of(
                        new ColdPull.Layout("token and authorizer apart (before issue 12)", proxy, token, authorizer),
                        new ColdPull.Layout("token and authorizer in one function (template.yaml)", proxy, merged, merged)),
                        options.runs()), options.runs());
            }
            if (options.parts().contains("warm")) {
                progress.printf("bench: warm latency, %d warm-up + %d timed calls per scenario%n", options.warmup(),
                        options.iterations());
                WarmLatency warm = new WarmLatency(jvm, fixtures, progress);
                int w = options.warmup(), n = options.iterations();
                var proxyResults = warm.measure(proxy, List.of(
                        new WarmLatency.Invoke("proxy-tag", fixtures.proxyTagEvent(), "\"statusCode\":200"),
                        new WarmLatency.Invoke("proxy-digest", fixtures.proxyDigestEvent(), "\"statusCode\":200"),
                        new WarmLatency.Raw("raw-ecr", fixtures.ecrPort(), Fixtures.ECR_TARGET, fixtures.batchGetImageBody())),
                        w, n);
                var authResults = warm.measure(authorizer, List.of(
                        new WarmLatency.Invoke("authorizer", fixtures.authorizerEvent(), "\"Effect\":\"Allow\"")), w, n);
                var tokenResults = warm.measure(token, List.of(
                        new WarmLatency.Invoke("token", fixtures.tokenEvent(), "\"statusCode\":200"),
                        new WarmLatency.Raw("raw-secrets", fixtures.secretsPort(), Fixtures.SECRETS_TARGET,
                                fixtures.getSecretValueBody())), w, n);
                warm(out, proxy, authorizer, token, proxyResults, authResults, tokenResults, options);
            }
        }
        if (options.parts().contains("jmh")) {
            List<String> flags = new ArrayList<>(options.jmhDefaultJit() ? List.of() : templateFlags);
            options.jvmFlags().forEach(f -> flags.add(f.replace("{function}", "jmh")));
            progress.printf("bench: JMH, %d benchmarks, about %d s%n", JmhRun.BENCHMARKS,
                    options.jmh().seconds(JmhRun.BENCHMARKS));
            jmh(out, JmhRun.run(options.jmh(), flags), options, flags);
        }
        out.append("\nLoad average at the end: ").append(Machine.load()).append(". ");
        out.append("Total bench time: ").append(Instant.now().getEpochSecond() - started.getEpochSecond()).append(" s.\n");
        report.print(out);
        report.flush();
        return 0;
    }

    private static void header(StringBuilder out, Options options, Path repo, String toolOptions, Instant started) {
        out.append("# ecr-public benchmark\n\n");
        out.append("- date: ").append(started.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        out.append("- commit: ").append(Machine.commit(repo)).append('\n');
        out.append("- machine: ").append(Machine.cpu()).append("; ").append(Machine.memory()).append(" memory; ")
                .append(Machine.os()).append('\n');
        out.append("- load average (1, 5, 15 min) at start: ").append(Machine.load()).append('\n');
        out.append("- measured JVMs: `").append(options.java()).append("`: ").append(Machine.javaVersion(options.java()))
                .append('\n');
        out.append("- JAVA_TOOL_OPTIONS (from template.yaml): `").append(toolOptions).append("`; extra flags: ")
                .append(options.jvmFlags().isEmpty() ? "none" : "`" + String.join(" ", options.jvmFlags()) + "`")
                .append('\n');
        out.append("- settings: ").append(options.runs()).append(" cold runs per function (after 1 unmeasured); ")
                .append(options.warmup()).append(" warm-up + ").append(options.iterations())
                .append(" timed calls per warm scenario; JMH ")
                .append(options.parts().contains("jmh") ? options.jmh().name().toLowerCase() + " (" + options.jmh().describe() + ")" : "off")
                .append('\n');
    }

    private static void cold(StringBuilder out, List<ColdStart.Result> results, int runs) {
        out.append("\n## Cold start\n\n");
        out.append("A fresh JVM per run loads the deployable jar, builds the handler and answers one event; wall time from "
                + "spawn to the answer read by the bench. Median (min-max) of ").append(runs).append(" runs; boot, init "
                + "and first call are medians of the child's own split (spawn to main, main to handler built, handler "
                + "built to answer).\n\n");
        out.append(Stats.row("function", "event", "wall median", "min", "max", "boot", "init", "1st call",
                "peak RSS median (max)", "AWS calls per run", "median target", "RSS <= 160 MiB")).append('\n');
        out.append(Stats.separator(12)).append('\n');
        for (ColdStart.Result r : results) {
            Function f = r.function();
            List<Double> wall = r.values(ColdStart.Run::wallMillis);
            double rssMax = Stats.max(r.values(ColdStart.Run::rssMib));
            double median = Stats.median(wall);
            out.append(Stats.row("**" + f.name() + "**", f.request(), "**" + Stats.ms(median) + "**",
                    Stats.ms(Stats.min(wall)), Stats.ms(Stats.max(wall)),
                    Stats.ms(Stats.median(r.values(ColdStart.Run::bootMillis))),
                    Stats.ms(Stats.median(r.values(ColdStart.Run::initMillis))),
                    Stats.ms(Stats.median(r.values(ColdStart.Run::invokeMillis))),
                    Stats.mib(Stats.median(r.values(ColdStart.Run::rssMib))) + " (" + Stats.mib(rssMax) + ")",
                    calls(r.runs().stream().map(ColdStart.Run::calls).toList()),
                    "<= " + Stats.ms(f.coldTargetMillis()) + ": " + Stats.verdict(median, f.coldTargetMillis(), Stats::ms),
                    Stats.verdict(rssMax, Function.RSS_TARGET_MIB, Stats::mib))).append('\n');
        }
        out.append("\nClasses loaded by one cold run (one extra run with `-Xlog:class+load`): from the JDK's CDS archive, "
                + "from the JDK's modules (jrt, not in the archive), from the deployable jar, other (generated: lambdas, "
                + "proxies); and the libraries most classes of the jar come from.\n\n");
        out.append(Stats.row("function", "total", "CDS", "JDK (jrt)", "jar", "other", "from the jar, by library"))
                .append('\n').append(Stats.separator(7)).append('\n');
        for (ColdStart.Result r : results) {
            ColdStart.ClassLoading c = r.classes();
            String top = c.jarPackages().entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(6)
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
            out.append(Stats.row(r.function().name(), "" + c.total(), "" + c.cds(), "" + c.jdk(), "" + c.jar(),
                    "" + c.other(), top)).append('\n');
        }
    }

    private static void pull(StringBuilder out, List<ColdPull.Result> results, int runs) {
        out.append("\n## Cold pull\n\n");
        out.append("An anonymous `docker pull hello:latest`'s requests (ping, anonymous token, index, amd64 manifest, "
                + "config and layer blob redirects, one after another) through the local gateway (the template's routes, "
                + "authorizer step and authorizer cache); each function a JVM of its own, started by its first event and "
                + "kept for the rest of the pull, every function cold in every pull. Wall time from the first request "
                + "sent to the last answer read; median (min-max) of ").append(runs).append(" pulls per layout, the "
                + "layouts interleaved.\n\n");
        out.append(Stats.row("layout", "requests", "cold JVM starts", "invocations", "wall median", "min", "max",
                "AWS calls per pull", "target")).append('\n').append(Stats.separator(9)).append('\n');
        for (ColdPull.Result r : results) {
            List<Double> wall = r.runs().stream().map(ColdPull.Run::wallMillis).toList();
            ColdPull.Run first = r.runs().getFirst();
            double median = Stats.median(wall);
            out.append(Stats.row(r.layout().name(), "" + first.requests(),
                    r.runs().stream().map(run -> "" + run.coldStarts()).distinct().collect(Collectors.joining(" / ")),
                    first.invocations().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")),
                    "**" + Stats.ms(median) + "**", Stats.ms(Stats.min(wall)), Stats.ms(Stats.max(wall)),
                    calls(r.runs().stream().map(ColdPull.Run::calls).toList()),
                    "<= 1200 ms: " + Stats.verdict(median, 1200, Stats::ms))).append('\n');
        }
    }

    /** "BatchGetImage 1" when every run made the same calls, else each distinct set with how many runs made it. */
    private static String calls(List<Map<String, Long>> perRun) {
        Set<String> distinct = new LinkedHashSet<>();
        for (Map<String, Long> calls : perRun) distinct.add(describe(calls));
        if (distinct.size() == 1) return distinct.iterator().next();
        return distinct.stream().map(d -> d + " (" + perRun.stream().filter(c -> describe(c).equals(d)).count() + " runs)")
                .collect(Collectors.joining("; "));
    }

    private static String describe(Map<String, Long> calls) {
        if (calls.isEmpty()) return "none";
        return calls.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static void warm(StringBuilder out, Function proxy, Function authorizer, Function token,
                             Map<String, WarmLatency.Result> proxyResults, Map<String, WarmLatency.Result> authResults,
                             Map<String, WarmLatency.Result> tokenResults, Options options) {
        WarmLatency.Result rawEcr = proxyResults.get("raw-ecr"), rawSecrets = tokenResults.get("raw-secrets");
        out.append("\n## Warm latency\n\n");
        out.append("One JVM per function (the deployable jar, the template's flags), the handler built once; per scenario ")
                .append(options.warmup()).append(" warm-up calls, then ").append(options.iterations())
                .append(" timed calls one after another. AWS calls are the emulators' count over the timed calls, per "
                        + "call. Own cost = p50 - (AWS calls per request x the raw round trip's p50): what the handler "
                        + "adds above the network call it cannot avoid. Raw rows: a prebuilt HTTP/1.1 POST of the same "
                        + "AWS JSON request on a kept-alive socket from the same JVM.\n\n");
        out.append(Stats.row("scenario", "p50", "p90", "p99", "mean", "max", "AWS calls per request",
                "own cost (p50)", "target (own p50)")).append('\n').append(Stats.separator(9)).append('\n');
        warmRow(out, "**proxy** GET manifest by tag", proxyResults.get("proxy-tag"), ECR_OP, rawEcr, proxy.ownCostTargetMicros(), 1);
        warmRow(out, "**proxy** GET manifest by digest (repeat)", proxyResults.get("proxy-digest"), ECR_OP, rawEcr,
                proxy.ownCostTargetMicros(), 0);
        warmRow(out, "raw ECR round trip (BatchGetImage by tag)", rawEcr, null, null, Double.NaN, -1);
        warmRow(out, "**authorizer** valid token", authResults.get("authorizer"), SECRETS_OP, rawSecrets,
                authorizer.ownCostTargetMicros(), 1);
        warmRow(out, "**token** credential login", tokenResults.get("token"), SECRETS_OP, rawSecrets,
                token.ownCostTargetMicros(), 1);
        warmRow(out, "raw Secrets Manager round trip (GetSecretValue)", rawSecrets, null, null, Double.NaN, -1);
    }

    /** @param maxCalls the bound on ECR calls per request (at most one; none for a cached digest), -1 for none */
    private static void warmRow(StringBuilder out, String label, WarmLatency.Result r, String operation,
                                WarmLatency.Result raw, double target, int maxCalls) {
        double p50 = r.p50() / 1e3;
        String callsCell = "", own = "", verdict = "";
        if (operation != null) {
            double perRequest = r.callsPerRequest(operation);
            String others = r.calls().entrySet().stream().filter(e -> !e.getKey().equals(operation))
                    .map(e -> e.getKey() + " " + Stats.num(e.getValue() / (double) r.n())).collect(Collectors.joining(", "));
            callsCell = operation + " " + Stats.num(perRequest) + (others.isEmpty() ? "" : ", " + others);
            if (operation.equals(ECR_OP) && maxCalls >= 0)
                callsCell += " (issue: " + (maxCalls == 0 ? "none" : "<= 1") + ": "
                        + (perRequest <= maxCalls ? "**met**" : "**missed**") + ")";
            double ownMicros = p50 - perRequest * raw.p50() / 1e3;
            own = "**" + Stats.us(ownMicros) + "**";
            verdict = "<= " + Stats.us(target) + ": " + Stats.verdict(ownMicros, target, Stats::us);
        }
        out.append(Stats.row(label, Stats.us(p50), Stats.us(r.p90() / 1e3), Stats.us(r.p99() / 1e3),
                Stats.us(r.mean() / 1e3), Stats.us(r.max() / 1e3), callsCell, own, verdict)).append('\n');
    }

    private static void jmh(StringBuilder out, List<JmhRun.Score> scores, Options options, List<String> flags) {
        out.append("\n## JMH: hot inner pieces\n\n");
        out.append(options.jmh().describe()).append("; forked JVM flags: ")
                .append(flags.isEmpty() ? "the JVM's defaults" : "`" + String.join(" ", flags) + "`").append(".\n\n");
        out.append(Stats.row("benchmark", "time per call", "error (99.9%)")).append('\n').append(Stats.separator(3)).append('\n');
        for (JmhRun.Score s : scores)
            out.append(Stats.row(s.benchmark(), nanos(s.nanos()), Double.isNaN(s.errorNanos()) ? "n/a" : "± " + nanos(s.errorNanos())))
                    .append('\n');
    }

    private static String nanos(double nanos) {
        return nanos >= 1000 ? Stats.us(nanos / 1e3) : String.format(java.util.Locale.ROOT, "%.0f ns", nanos);
    }

    private static Predicate<String> proxyAnswer(String digest) {
        return answer -> {
            JsonNode r = lastJson(answer);
            JsonNode headers = r.path("multiValueHeaders").path("Docker-Content-Digest");
            String got = headers.isArray() ? headers.path(0).asText() : r.path("headers").path("Docker-Content-Digest").asText();
            return r.path("statusCode").asInt() == 200 && digest.equals(got);
        };
    }

    private static Predicate<String> authorizerAnswer() {
        return answer -> {
            JsonNode r = lastJson(answer);
            return r.path("principalId").asText().equals("ci") && r.toString().contains("\"Effect\":\"Allow\"")
                    && r.toString().contains("/v2/GET/hello/*");
        };
    }

    private static Predicate<String> tokenAnswer() {
        return answer -> {
            JsonNode r = lastJson(answer);
            if (r.path("statusCode").asInt() != 200) return false;
            try {
                return !JSON.readTree(r.path("body").asText()).path("token").asText().isEmpty();
            } catch (Exception e) {
                return false;
            }
        };
    }

    private static JsonNode lastJson(String text) {
        try {
            return JSON.readTree(text.strip());
        } catch (Exception e) {
            return JSON.missingNode();
        }
    }
}
