package dev.ecrpublic.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.ecrpublic.authorizer.handshake.SecretsManagerAccess;
import dev.ecrpublic.registry.OciProxyIntegration;
import dev.ecrpublic.log.LogLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/** Lambda entry point of {@code /v2/token} and {@code /v2/token/keys} (proxy integration, no authorizer in front). */
public final class TokenHandler implements RequestStreamHandler {
    private final TokenApp app;

    public TokenHandler() {
        this(Holder.APP);
    }

    public TokenHandler(TokenApp app) {
        this.app = app;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        OciProxyIntegration.handle(input, output, context == null ? null : context.getAwsRequestId(), app::serve);
    }

    private static final class Holder {
        static final TokenApp APP = TokenApp.fromEnvironment(System.getenv(), Clock.systemUTC(),
                SecretsManagerAccess.DEFAULT_TTL, LogLine.STDOUT);
    }
}
