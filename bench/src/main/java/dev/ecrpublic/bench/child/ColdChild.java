package dev.ecrpublic.bench.child;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Base64;

/**
 * One cold invocation, the way the Lambda Java runtime makes it for a {@link RequestStreamHandler}: the handler class
 * is loaded and built by its no-argument constructor (init: static state, SDK clients), then the event's raw bytes
 * are handed over on an InputStream and the answer is taken from an OutputStream. The runtime never deserializes
 * anything for a stream handler, so aws-lambda-java-serialization plays no part.
 *
 * <p>Args: handler class. The event arrives on stdin (read after init, as the runtime fetches it after init).
 * Prints {@code @@bench response <base64>} as soon as the handler returns, then
 * {@code @@bench times <mainNanos> <constructedNanos> <answeredNanos> <vmHwmKiB>}: System.nanoTime() is
 * CLOCK_MONOTONIC on Linux, so the parent can subtract its own readings from these.
 */
public final class ColdChild {
    private ColdChild() {}

    public static void main(String[] args) throws Exception {
        long main = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        long constructed = System.nanoTime();
        byte[] event = System.in.readAllBytes();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), answer, new RuntimeContext("cold-1"));
        long answered = System.nanoTime();
        PrintStream out = System.out;
        out.println();
        out.println("@@bench response " + Base64.getEncoder().encodeToString(answer.toByteArray()));
        out.flush();
        out.println("@@bench times " + main + " " + constructed + " " + answered + " " + ProcStatus.vmHwmKib());
        out.flush();
    }
}
