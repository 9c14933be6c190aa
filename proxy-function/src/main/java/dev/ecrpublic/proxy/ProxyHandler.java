package dev.ecrpublic.proxy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.ecrpublic.registry.OciProxyIntegration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Lambda entry point for the REST API proxy integration. A stream handler: the event is read by our own streaming
 * codec, so the runtime's POJO serialization never loads.
 */
public final class ProxyHandler implements RequestStreamHandler {
    private final ProxyApp app;

    /** What Lambda calls: the container's app is built once, at init. */
    public ProxyHandler() {
        this(Holder.APP);
    }

    public ProxyHandler(ProxyApp app) {
        this.app = app;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        OciProxyIntegration.handle(input, output, context == null ? null : context.getAwsRequestId(), app::serve);
    }

    private static final class Holder {
        static final ProxyApp APP = ProxyApp.fromEnvironment();
    }
}
