package dev.ecrpublic.authorizer.gallery;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.registry.OciProxyIntegration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/** Lambda entry point of {@code /v2/_gallery} and below (proxy integration, no authorizer in front). */
public final class GalleryHandler implements RequestStreamHandler {
    private final GalleryApp app;

    public GalleryHandler() {
        this(Holder.APP);
    }

    public GalleryHandler(GalleryApp app) {
        this.app = app;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        OciProxyIntegration.handle(input, output, context == null ? null : context.getAwsRequestId(), app::serve);
    }

    private static final class Holder {
        static final GalleryApp APP = GalleryApp.fromEnvironment(System.getenv(), Clock.systemUTC(), LogLine.STDOUT);
    }
}
