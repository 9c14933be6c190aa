/**
 * Who may pull what, decided in one place. Authentication (elsewhere) only says who the caller is and which repository
 * patterns their credential carries; {@link dev.ecrpublic.policy.AccessPolicy#grant} alone turns that and the
 * requested scopes into the access a token carries, denying by default and never granting more than pull and the
 * catalog. The access document is the one secret an operator edits (policy plus hashed issued credentials), so its
 * parser is strict: a typo must fail loudly rather than silently widen or narrow access.
 */
package dev.ecrpublic.policy;
