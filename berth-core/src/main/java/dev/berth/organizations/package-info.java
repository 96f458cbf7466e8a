/**
 * AWS Organizations for Berth: the one organization whose management account is the default
 * account, its member accounts and the creation of new ones (each with the role the management
 * account assumes into it). Depends on {@code meta}, {@code iam} (to create that role), {@code
 * policy} (the AdministratorAccess ARN) and leaves.
 */
package dev.berth.organizations;
