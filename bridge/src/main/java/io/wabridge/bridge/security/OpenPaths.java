package io.wabridge.bridge.security;

/** The paths open without credentials: health (for orchestrators) and what the sign-in page needs. */
final class OpenPaths {
    private OpenPaths() {
    }

    static boolean open(String path) {
        return path.equals("/q/health") || path.startsWith("/q/health/")
                || path.equals("/console/login") || path.startsWith("/console/assets/");
    }
}
