/**
 * Upload sessions shared by the OCI upload endpoints and ECR's layer-upload operations: start,
 * append chunks at the recorded offset while hashing, report status, complete against a digest,
 * cancel, and purge idle sessions. Depends on {@code blob}, {@code meta}, {@code oci} and leaves.
 */
package dev.berth.upload;
