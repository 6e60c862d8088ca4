package io.wabridge.launcher;

/** Reading the values of command-line options, with the error messages every command shares. */
public final class OptionValues {
    private OptionValues() {}

    /** The argument after an option, or a clear error when it is missing. */
    public static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /** A TCP port, 0 meaning any free one. */
    public static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port: " + text);
        }
    }
}
