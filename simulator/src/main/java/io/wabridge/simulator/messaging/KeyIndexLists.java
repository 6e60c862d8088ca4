package io.wabridge.simulator.messaging;

import com.google.protobuf.ByteString;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.proto.wa.ADVKeyIndexList;
import io.wabridge.proto.wa.ADVSignedKeyIndexList;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import java.util.List;

/**
 * The account's signed list of valid companion key indexes ({@code <key-index-list>} in usync device answers):
 * ADVSignedKeyIndexList{details = ADVKeyIndexList{rawId, timestamp, currentIndex, validIndexes}, accountSignature
 * over {@code 06 02 || details}}, signed by the phone's account key.
 */
final class KeyIndexLists {
    private static final byte[] PREFIX = {6, 2};

    private KeyIndexLists() {}

    /** The signed list for the companions linked now, stamped {@code timestampSeconds}. */
    static byte[] signed(PhoneAccount account, List<LinkedDevice> companions, long timestampSeconds) {
        ADVKeyIndexList.Builder list = ADVKeyIndexList.newBuilder()
                .setRawId(account.advRawId())
                .setTimestamp(timestampSeconds);
        int current = 0;
        for (LinkedDevice device : companions) {
            list.addValidIndexes(device.keyIndex());
            current = Math.max(current, device.keyIndex());
        }
        byte[] details = list.setCurrentIndex(current).build().toByteArray();
        byte[] message = new byte[PREFIX.length + details.length];
        System.arraycopy(PREFIX, 0, message, 0, PREFIX.length);
        System.arraycopy(details, 0, message, PREFIX.length, details.length);
        return ADVSignedKeyIndexList.newBuilder()
                .setDetails(ByteString.copyFrom(details))
                .setAccountSignature(ByteString.copyFrom(XEdDsa.sign(account.accountKeyPair().privateKey(), message)))
                .build()
                .toByteArray();
    }

    /** Whether {@code signedList} carries a valid account signature by {@code accountKey} (tests, clients). */
    static boolean verify(byte[] signedList, byte[] accountKey) throws com.google.protobuf.InvalidProtocolBufferException {
        ADVSignedKeyIndexList signed = ADVSignedKeyIndexList.parseFrom(signedList);
        byte[] details = signed.getDetails().toByteArray();
        byte[] message = new byte[PREFIX.length + details.length];
        System.arraycopy(PREFIX, 0, message, 0, PREFIX.length);
        System.arraycopy(details, 0, message, PREFIX.length, details.length);
        return XEdDsa.verify(accountKey, message, signed.getAccountSignature().toByteArray());
    }
}
