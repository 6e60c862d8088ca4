package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The composite primary keys of the store tables, each led by {@code session_id}. */
public final class Keys {

    private Keys() {
    }

    /** A peer device of a session: signal_sessions, identities. */
    @Embeddable
    public record Address(@Column(name = "session_id", columnDefinition = "text") String sessionId, @Column(name = "name", columnDefinition = "text") String name,
                          @Column(name = "device") int device) {
    }

    /** A record numbered within a session: prekeys, signed_prekeys. */
    @Embeddable
    public record Numbered(@Column(name = "session_id", columnDefinition = "text") String sessionId, @Column(name = "id") int id) {
    }

    /** A sender key of a group member's device: sender_keys. */
    @Embeddable
    public record SenderKey(@Column(name = "session_id", columnDefinition = "text") String sessionId, @Column(name = "group_id", columnDefinition = "text") String groupId,
                            @Column(name = "name", columnDefinition = "text") String name, @Column(name = "device") int device) {
    }

    /** A chat or account by jid: threads, contacts, privacy_tokens. */
    @Embeddable
    public record Jid(@Column(name = "session_id", columnDefinition = "text") String sessionId, @Column(name = "jid", columnDefinition = "text") String jid) {
    }

    /** An app-state sync key by its id: app_state_keys. */
    @Embeddable
    public record AppStateKey(@Column(name = "session_id", columnDefinition = "text") String sessionId, @Column(name = "key_id") byte[] keyId) {
    }

    /** An app-state collection: app_state_versions. */
    @Embeddable
    public record Collection(@Column(name = "session_id", columnDefinition = "text") String sessionId, @Column(name = "collection", columnDefinition = "text") String collection) {
    }

    /** A value MAC by its index MAC within a collection: app_state_macs. */
    @Embeddable
    public record IndexMac(@Column(name = "session_id", columnDefinition = "text") String sessionId, @Column(name = "collection", columnDefinition = "text") String collection,
                           @Column(name = "index_mac") byte[] indexMac) {
    }

    /** A message by chat and id: messages. */
    @Embeddable
    public record Message(@Column(name = "session_id", columnDefinition = "text") String sessionId, @Column(name = "chat", columnDefinition = "text") String chat,
                          @Column(name = "id", columnDefinition = "text") String id) {
    }

    /** One direction of a LID mapping ('p': pn to lid, 'l': lid to pn) and its key: lid_mappings. */
    @Embeddable
    public record LidMapping(@Column(name = "session_id", columnDefinition = "text") String sessionId,
                             @Column(name = "direction", length = 1) @JdbcTypeCode(SqlTypes.CHAR) String direction,
                             @Column(name = "k", columnDefinition = "text") String k) {
    }

    /** A command's result by its command id: command_results. */
    @Embeddable
    public record CommandResult(@Column(name = "session_id", columnDefinition = "text") String sessionId, @Column(name = "command_id", columnDefinition = "text") String commandId) {
    }

    /** A label of the account by its id: chat_labels. */
    @Embeddable
    public record Label(@Column(name = "session_id", columnDefinition = "text") String sessionId, @Column(name = "label_id", columnDefinition = "text") String labelId) {
    }
}
