/** Clocks, id generation, stream and byte helpers, JSON mapper setup; no domain meaning. */
package dev.berth.common;
