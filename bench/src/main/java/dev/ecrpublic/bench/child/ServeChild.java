package dev.ecrpublic.bench.child;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A function container for the cold pull: the handler is built once, when the first event is already waiting (as the
 * Lambda runtime inits on the first invoke), then every line on stdin is one event (base64) and every answer is one
 * line {@code @@bench response <base64>}, or {@code @@bench thrown <base64 message>} when the handler throws (the
 * authorizer refuses by throwing {@code Unauthorized}). Stdin closed: the container is done.
 *
 * <p>Args: handler class.
 */
public final class ServeChild {
    private ServeChild() {}

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = System.out;
        Base64.Encoder base64 = Base64.getEncoder();
        RequestStreamHandler handler = null;
        int sequence = 0;
        for (String line; (line = in.readLine()) != null; ) {
            if (handler == null)
                handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            String result;
            try {
                handler.handleRequest(new ByteArrayInputStream(Base64.getDecoder().decode(line)), answer,
                        new RuntimeContext("pull-" + ++sequence));
                result = "@@bench response " + base64.encodeToString(answer.toByteArray());
            } catch (RuntimeException e) {
                String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
                result = "@@bench thrown " + base64.encodeToString(message.getBytes(StandardCharsets.UTF_8));
            }
            out.println();
            out.println(result);
            out.flush();
        }
    }
}
