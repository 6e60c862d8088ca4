package io.wabridge.client.store;

import java.util.Objects;

/**
 * A label of the account (WhatsApp's app-state {@code label_edit}): chats carry their ids ({@link ChatThread#labels()}).
 *
 * @param id    the label's id as WhatsApp numbers it ("1", "2", ...)
 * @param name  its name, nullable
 * @param color its colour index in WhatsApp's palette (0-19)
 */
public record ChatLabel(String id, String name, int color) {

    public ChatLabel {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("empty label id");
        }
    }
}
