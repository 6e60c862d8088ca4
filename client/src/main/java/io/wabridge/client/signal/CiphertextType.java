package io.wabridge.client.signal;

/** The {@code type} attribute of an {@code <enc>} node: which kind of Signal message its content is. */
public enum CiphertextType {
    /** PreKeySignalMessage: starts a session (carries our identity and the prekey ids it used). */
    PKMSG("pkmsg"),
    /** SignalMessage: a message in an established session. */
    MSG("msg"),
    /** Group sender-key message (decrypted by the group cipher, not {@link SignalCipher}). */
    SKMSG("skmsg");

    private final String wireName;

    CiphertextType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The type named by an {@code <enc type=..>} attribute. */
    public static CiphertextType fromWire(String name) {
        return switch (name) {
            case "pkmsg" -> PKMSG;
            case "msg" -> MSG;
            case "skmsg" -> SKMSG;
            default -> throw new IllegalArgumentException("unknown ciphertext type \"" + name + "\"");
        };
    }
}
