package dev.berth.testkit;

import dev.berth.blob.BlobStore;
import dev.berth.blob.memory.InMemoryBlobStore;

class InMemoryBlobStoreTest extends BlobStoreContract {
  @Override
  protected BlobStore newStore() {
    return new InMemoryBlobStore();
  }
}
