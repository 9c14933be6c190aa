/**
 * Imitates AWS Secrets Manager as the functions and the command line use it: secrets with staged versions kept one
 * file each in a folder, and {@code RotateSecret} running the rotation function's four steps. Depends only on
 * {@code local.awsjson}; never on the gateway, ECR or the wiring.
 */
package dev.ecrpublic.local.secretsmanager;
