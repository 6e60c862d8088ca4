package io.wabridge.store.mongo;

import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.KeyPair;
import io.wabridge.client.store.SignedPreKey;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;

/** {@link Credentials} as one document keyed by the session id, with its optimistic version in {@code v}. */
final class CredentialsCodec {

    static final String VERSION = "v";

    private CredentialsCodec() {
    }

    static BsonDocument encode(String sessionId, Credentials c, long version) {
        BsonDocument doc = new BsonDocument("_id", new BsonString(sessionId))
                .append(VERSION, new BsonInt64(version))
                .append("registered", BsonBoolean.valueOf(c.registered()))
                .append("noiseKey", keyPair(c.noiseKey()))
                .append("identityKey", keyPair(c.identityKey()))
                .append("registrationId", new BsonInt32(c.registrationId()))
                .append("signedPreKey", new BsonDocument("id", new BsonInt32(c.signedPreKey().id()))
                        .append("keyPair", keyPair(c.signedPreKey().keyPair()))
                        .append("signature", Docs.binary(c.signedPreKey().signature())))
                .append("advSecret", Docs.binary(c.advSecret()))
                .append("nextPreKeyId", new BsonInt32(c.nextPreKeyId()))
                .append("firstUnuploadedPreKeyId", new BsonInt32(c.firstUnuploadedPreKeyId()));
        Docs.appendIfPresent(doc, "me", Docs.stringOrNull(c.me()));
        Docs.appendIfPresent(doc, "lid", Docs.stringOrNull(c.lid()));
        Docs.appendIfPresent(doc, "platform", Docs.stringOrNull(c.platform()));
        Docs.appendIfPresent(doc, "pushName", Docs.stringOrNull(c.pushName()));
        Docs.appendIfPresent(doc, "locale", Docs.stringOrNull(c.locale()));
        Docs.appendIfPresent(doc, "account", c.account() == null ? null : Docs.binary(c.account()));
        Docs.appendIfPresent(doc, "routingInfo", c.routingInfo() == null ? null : Docs.binary(c.routingInfo()));
        Docs.appendIfPresent(doc, "appStateKeyId", c.appStateKeyId() == null ? null : Docs.binary(c.appStateKeyId()));
        return doc;
    }

    static Credentials decode(BsonDocument doc) {
        BsonDocument spk = doc.getDocument("signedPreKey");
        return Credentials.builder()
                .registered(doc.getBoolean("registered").getValue())
                .noiseKey(keyPair(doc.getDocument("noiseKey")))
                .identityKey(keyPair(doc.getDocument("identityKey")))
                .registrationId(doc.getInt32("registrationId").getValue())
                .signedPreKey(new SignedPreKey(spk.getInt32("id").getValue(), keyPair(spk.getDocument("keyPair")),
                        Docs.bytes(spk, "signature")))
                .advSecret(Docs.bytes(doc, "advSecret"))
                .nextPreKeyId(doc.getInt32("nextPreKeyId").getValue())
                .firstUnuploadedPreKeyId(doc.getInt32("firstUnuploadedPreKeyId").getValue())
                .me(Docs.stringOrNull(doc, "me"))
                .lid(Docs.stringOrNull(doc, "lid"))
                .platform(Docs.stringOrNull(doc, "platform"))
                .pushName(Docs.stringOrNull(doc, "pushName"))
                .locale(Docs.stringOrNull(doc, "locale"))
                .account(optionalBytes(doc, "account"))
                .routingInfo(optionalBytes(doc, "routingInfo"))
                .appStateKeyId(optionalBytes(doc, "appStateKeyId"))
                .build();
    }

    static long version(BsonDocument doc) {
        return doc.getNumber(VERSION).longValue();
    }

    private static BsonDocument keyPair(KeyPair pair) {
        return new BsonDocument("public", Docs.binary(pair.publicKey())).append("private", Docs.binary(pair.privateKey()));
    }

    private static KeyPair keyPair(BsonDocument doc) {
        return new KeyPair(Docs.bytes(doc, "public"), Docs.bytes(doc, "private"));
    }

    private static byte[] optionalBytes(BsonDocument doc, String field) {
        return doc.containsKey(field) ? Docs.bytes(doc, field) : null;
    }
}
