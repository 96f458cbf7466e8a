/**
 * The AWS Organizations API ({@code AWSOrganizationsV20161128.*}) over AWS JSON 1.1: the account
 * operations (CreateAccount and its statuses, ListAccounts, DescribeAccount) and
 * DescribeOrganization, wire conversion and the error table. Depends on {@code organizations},
 * {@code api.awsjson}, {@code auth} and leaves.
 */
package dev.berth.api.organizations;
