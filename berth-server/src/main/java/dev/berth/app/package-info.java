/**
 * The composition root: loads nothing itself but builds stores, services and routes from a
 * validated {@link dev.berth.config.BerthConfig}, starts the server and stops everything.
 */
package dev.berth.app;
