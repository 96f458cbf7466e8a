/**
 * The AWS Secrets Manager operations the aws CLI and the pull-through cache need ({@code
 * secretsmanager.*}) over AWS JSON 1.1: wire conversion, operation groups and the error table; each
 * checks {@code secretsmanager:<Operation>} on the secret's ARN against the caller's identity
 * policies. Depends on {@code secrets}, {@code api.awsjson}, {@code auth} and leaves.
 */
package dev.berth.api.secretsmanager;
