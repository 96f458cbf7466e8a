package hello;

/** The app in the image JibEndToEndTest builds. */
public final class Hello {
  private Hello() {}

  public static void main(String[] args) {
    System.out.println("hello from an image Jib pushed to Berth");
  }
}
