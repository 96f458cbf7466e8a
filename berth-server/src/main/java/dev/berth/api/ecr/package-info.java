/**
 * The ECR API ({@code AmazonEC2ContainerRegistry_V20150921.*}) over AWS JSON 1.1: operation groups,
 * wire conversion and the error table. Registry addresses it hands out ({@code repositoryUri},
 * {@code proxyEndpoint}, download URLs) come from {@code address}. Depends on the core services,
 * {@code api.awsjson}, {@code auth}, {@code address} and leaves.
 */
package dev.berth.api.ecr;
