/**
 * Imitates what every AWS JSON 1.1 service shares on the wire: the loopback HTTP server, {@code X-Amz-Target}
 * dispatch, request members and their validation errors, error bodies, call counts and injected faults (throttling,
 * 500s, slow, cut-short and reset answers). Knows no service: it must never depend on {@code local.ecr} or
 * {@code local.secretsmanager}.
 */
package dev.ecrpublic.local.awsjson;
