/**
 * Imitates API Gateway's REST API in front of the functions: the HTTP request turned into the proxy integration
 * event, the REQUEST authorizer called with its identity source and its IAM policy evaluated and cached, the
 * gateway responses. Knows the handlers only as Lambda stream handlers: it must never depend on an emulator.
 */
package dev.ecrpublic.local.gateway;
