package dev.ecrpublic.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Calls a stream handler once the way the Lambda runtime does: the event on stdin, the answer on stdout, the handler
 * built by its no-argument constructor in a fresh JVM, so init reads the environment exactly as it would in Lambda.
 */
public final class LambdaInvoke {
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    public static void main(String[] args) throws Exception {
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        handler.handleRequest(System.in, System.out, null);
        System.out.flush();
    }

    record Result(int exit, String stdout, String stderr) {}

    /** One invocation of {@code handler} from the deployable {@code jar}, with exactly the given AWS_* environment. */
    static Result invoke(Path jar, String handler, Map<String, String> awsEnvironment, String event) throws Exception {
        String classpath = jar + File.pathSeparator + Path.of("target", "test-classes");
        ProcessBuilder process = new ProcessBuilder(JAVA, "-cp", classpath, LambdaInvoke.class.getName(), handler);
        process.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        process.environment().putAll(awsEnvironment);
        Process lambda = process.start();
        lambda.getOutputStream().write(event.getBytes(StandardCharsets.UTF_8));
        lambda.getOutputStream().close();
        String stdout = new String(lambda.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(lambda.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!lambda.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError(handler + " did not finish");
        return new Result(lambda.exitValue(), stdout, stderr);
    }
}
