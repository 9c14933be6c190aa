package dev.ecrpublic.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * Calls a stream handler once the way the Lambda runtime does: the event on stdin, the answer on stdout, the handler
 * built by its no-argument constructor in a fresh JVM, so init reads the environment exactly as it would in Lambda.
 */
public final class LambdaInvoke {
    public static void main(String[] args) throws Exception {
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        handler.handleRequest(System.in, System.out, null);
        System.out.flush();
    }
}
