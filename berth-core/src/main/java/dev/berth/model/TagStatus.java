package dev.berth.model;

/** Which images a listing includes. */
public enum TagStatus {
  TAGGED,
  UNTAGGED,
  ANY
}
