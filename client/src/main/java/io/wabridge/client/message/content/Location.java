package io.wabridge.client.message.content;

/** A static location: protobuf {@code locationMessage}. Text fields may be null. */
public record Location(double latitude, double longitude, String name, String address, String url, String comment)
        implements MessageContent {
}
