/**
 * Server glue over Jetty: the request/response wrapper handed to APIs, the root router (deny by
 * default) and streaming helpers. The only package besides {@code app} that names Jetty types.
 */
package dev.berth.http;
