/**
 * AWS JSON 1.1 plumbing shared by the ECR and ECR Public APIs: {@code POST /} dispatched by {@code
 * X-Amz-Target}, SigV4 authentication, request validation from the service model, {@code
 * x-amzn-RequestId}, and errors as {@code {"__type", "message"}}. Depends on {@code http}, {@code
 * auth} and leaves.
 */
package dev.berth.api.awsjson;
