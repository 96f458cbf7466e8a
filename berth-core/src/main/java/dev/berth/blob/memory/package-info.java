/** An in-memory blob store for tests and the contract suite. */
package dev.berth.blob.memory;
