/**
 * What {@code serve} and the tests run: {@link dev.ecrpublic.local.LocalRegistry} wires the real function handlers
 * behind the local gateway to the emulated (or real) ECR and Secrets Manager, and {@code LocalSecrets} keeps the
 * signing keys and the access secret in a state folder. The only package that knows all the others; none of them
 * depends on it.
 */
package dev.ecrpublic.local;
