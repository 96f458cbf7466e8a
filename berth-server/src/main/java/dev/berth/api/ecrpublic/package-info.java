/**
 * The ECR Public API ({@code SpencerFrontendService}, SigV4 service {@code ecr-public}): public
 * registries with their alias and catalog data. The operations ECR Public shares with ECR (layer
 * upload, images, repository policies, tags) and the repository operations run the ECR API's own
 * implementation on the account's public registry (the pseudo-region {@code public}, {@code
 * ecr-public:} actions) and answer with ECR Public's shapes; the rest are here.
 *
 * <p>May import: {@code api.awsjson}, {@code api.ecr} (the shared operations), {@code
 * publicregistry}, {@code registry}, {@code address}, {@code authz}, {@code auth}, {@code meta} and
 * leaves.
 */
package dev.berth.api.ecrpublic;
