/**
 * IAM and STS over the AWS query protocol: form-encoded {@code Action=...} in, XML out, with the
 * protocol's {@code ErrorResponse}. Input is read and validated, and output written, from the
 * service models. Depends on {@code iam}, {@code http}, {@code auth}, the shared AWS plumbing in
 * {@code api.awsjson}, and leaves.
 */
package dev.berth.api.iam;
