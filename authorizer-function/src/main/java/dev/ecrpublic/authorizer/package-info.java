/** The REQUEST authorizer, the /v2/token endpoint and key rotation arrive with token auth; the module exists now so the build layout is final. */
package dev.ecrpublic.authorizer;
