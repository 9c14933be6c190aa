/**
 * Imitates Amazon ECR's API as the functions call it: registries per account and region, images and layers,
 * tags, paging, repository resource tags and ECR's errors, seeded from the sample image, OCI layouts and a
 * {@code --ecr} file. Depends only on {@code local.awsjson}; never on the gateway, Secrets Manager or the wiring.
 */
package dev.ecrpublic.local.ecr;
