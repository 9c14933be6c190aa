package dev.ecrpublic.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.ecrpublic.log.LogLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/**
 * Lambda entry point of the REST API REQUEST authorizer. Refusal is the exception whose message is exactly
 * {@code Unauthorized}: that is how API Gateway learns to answer 401 (with the challenge gateway response).
 */
public final class AuthorizerHandler implements RequestStreamHandler {
    private final AuthorizerApp app;

    public AuthorizerHandler() {
        this(Holder.APP);
    }

    public AuthorizerHandler(AuthorizerApp app) {
        this.app = app;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        switch (app.authorize(AuthorizerRequest.read(input))) {
            case RequestAuthorizer.Decision.Allow allow -> allow.policy().writeTo(output);
            case RequestAuthorizer.Decision.Unauthorized refused -> throw new Unauthorized();
        }
    }

    /** API Gateway matches the message; no stack trace, it would only fill the log. */
    public static final class Unauthorized extends RuntimeException {
        public static final String MESSAGE = "Unauthorized";

        public Unauthorized() {
            super(MESSAGE, null, false, false);
        }
    }

    private static final class Holder {
        static final AuthorizerApp APP = AuthorizerApp.fromEnvironment(System.getenv(), Clock.systemUTC(), LogLine.STDOUT);
    }
}
