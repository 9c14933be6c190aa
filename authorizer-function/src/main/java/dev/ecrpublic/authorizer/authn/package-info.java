/**
 * Authentication only: who is calling. Each {@link dev.ecrpublic.authorizer.authn.CredentialVerifier} answers
 * Authenticated, NoMatch (not mine, ask the next) or Rejected, and never looks at scopes; what the caller may pull is
 * decided later by the access policy. Verifiers plug in through ServiceLoader providers and
 * {@link dev.ecrpublic.authorizer.authn.CredentialChain} is the one place that turns "nobody matched" into a denial.
 */
package dev.ecrpublic.authorizer.authn;
