package dev.visor;

/** Facts about this build of Visor. */
public final class Visor {
    /** The version written into every sidecar and printed by {@code visor --version}. */
    public static final String VERSION = "0.1.0";

    private Visor() {}
}
