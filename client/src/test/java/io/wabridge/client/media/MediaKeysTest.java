package io.wabridge.client.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MediaKeysTest {

    private static final HexFormat HEX = HexFormat.of();
    /** The media key 00 01 02 ... 1f. */
    private static final byte[] KAT_KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            KAT_KEY[i] = (byte) i;
        }
    }

    /**
     * Known answers produced once with Baileys 7.0.0-rc14 and 6.17.16 (identical for both):
     * {@code hkdf(KAT_KEY, 112, {info: hkdfInfoKey(type)})} for each key family of {@code MEDIA_HKDF_KEY_MAPPING},
     * by conformance/harness/media.mjs. The conformance suite recomputes them live; these keep the client's own
     * build honest without Node.
     */
    private static final Map<MediaType, String> BAILEYS_EXPANSIONS = new EnumMap<>(Map.of(
            MediaType.IMAGE, "aa6a127218397cbd2383e4ccf7176a79008c9aea9b7c5d81eb56b3f530f87d42dcc92d27b11ad6b5bd66f056"
                    + "0d0d8c4691d09ffec108833c1699574c52657923fb6e3e161d9698bc6b3a05fbc508a5154d4981725e9eb39838fcff2130"
                    + "508f1360cbb319f99cef163d57ab7c050a667e",
            MediaType.VIDEO, "f1dee5782cc4e2e7b07233b1e25de59b8564567ee06fa7006edab56a13c2b0a1431beb8efe698efad0f258e6"
                    + "5feb5395259ad46118adcf3cd134ae881831c6865db31a8fa0bbce7bc3bcb9fcf369fcda9a63d5eb49eb03827d842400a2"
                    + "7dbfb62efc9ebeb6f62b45df4575de4a871856",
            MediaType.AUDIO, "13f8935709c20e2e8b0680f81b0dd5fba61016c0347747b75bb8a8f6d7bcdb863ac5eb702662755054fe77db"
                    + "27b7c1c09ec93580944b6656b0babacf55026028ff6c68bb134a4fd082c12b5463a3bb79bc7558b5a1ef874ee6a5155a28"
                    + "2db3560dc25fcf6b910762a2d75fcbe6b13749",
            MediaType.DOCUMENT, "25e9d370804de0bb33ea5db79453db66b75c2bed8e162ad63dd02b6b9fbda46b8ad2692e99ed0f877d0ab4"
                    + "8a86fff79094a393dafdca1265c99e197425de98f15f7d87d34714ea901f7eefc29c99e5acf826177ac4aaf590f67e9271"
                    + "33b8a7f102a9fa5c2a88d62587699f581b2e9b76",
            MediaType.THUMBNAIL_DOCUMENT, "97f084f7ac45e4de4ed47610f986b2ae0ec30cc02f6b04b112132431b7cf5155b4c91ceacf9"
                    + "d86357bde55fd6b0a77e59bd4e48c5806115a5dbae07b9a7b08dcd7e206e4f93ffde958e00cb88dd2b6fe65e8cb67b413"
                    + "c290a5608be544c92147838583cad2ff52915a9837a9196eaa99",
            MediaType.THUMBNAIL_IMAGE, "b1e8de730ec58bec0af31e9254fc5631b40337ecc6afadc2a27ea0e560069429bb4689b5c6e420"
                    + "d4779f927ab4b3d026e844b1609fb852d00228ce135a22c1193d29c062a62e5d664a35183e2cd6caf257f9af6962e1fd13"
                    + "00c3d44ec14c7dd97be2bc19d69cd1e25053e45564b73a51",
            MediaType.THUMBNAIL_VIDEO, "8ecebd2dac6dca88299fc33ec011fe3833267d2287e41942e009e5d9ec484d449b34a439075786"
                    + "298f5aa48a1af7f8588e2b5cbf16daed117375de17bf05cf088fc082743dace7715801c63f1271c976dacde73757281787"
                    + "bb2528c5ffa578a803990a165ff2da786dd0f76f78c98caa",
            MediaType.THUMBNAIL_LINK, "760c15df75946aad364036ed626ebaf8ae1678eb1ac461a13cd5f3f63a841f92e88052b4307683e"
                    + "49bcfdd6262a333b1fe127195f24f776f878e77e9d781ce237265353c8d2cd37b0a4f67dcdd3f039f10af3f1cae7c5cc08"
                    + "71c60062bf10a73a6966e604610d381a226ec7aaa94f85d",
            MediaType.HISTORY, "1bbd91064f1502e1ad57057640fd66a29dc9501b504a210bf20cf49eaa9d76f4ae29094d358c7178de23"
                    + "d4c4702a1eef9e46652edeb6d05209b09762f8ad479d416bd00e4998e65be81ecc5580861b2fc895440e4abc770a15ba3e"
                    + "77ffb36d7f65b2f1afec8c51a8e2b9baa511e6a99a",
            MediaType.APP_STATE, "c9c77ad8c829a4b405fdd16b4bcbd36bd7570410fb6eb14c54a665d7cab9e9329e6b116e21197ce60e"
                    + "20d106b2a1ce14d7e9c1661294927c19e760e82c4ab1702e01dcff5d2b7a8a7c94899efb3e47cd091299974b1d3951af08"
                    + "f460cae2db1b7f90f87fcbc7c047264c20e05bca06d7"));

    static {
        BAILEYS_EXPANSIONS.put(MediaType.PAYMENT_BACKGROUND, "8c231ce98b514da03a4b2eb6c11e30fe6cf5638d1a3aecd27a552cb"
                + "ff5a995c4d237ef30f3c97bb49be6cf95fd503f5fc12ad11a753f164ade984e30a90dc72723998e1143d2d97a9fa18ea9c"
                + "ab444ee13c9ceaeb9882385a4f3af6f262e294f5ba94b182f047f00d6dbee55a1070ff3");
    }

    @Test
    void everyKeyFamilyExpandsAsBaileysDoes() {
        for (Map.Entry<MediaType, String> e : BAILEYS_EXPANSIONS.entrySet()) {
            assertEquals(e.getValue(), HEX.formatHex(MediaKeys.expand(KAT_KEY, e.getKey())), e.getKey().name());
        }
    }

    @Test
    void sharedTypesUseTheirFamilysKeys() {
        Map<MediaType, MediaType> family = Map.of(MediaType.STICKER, MediaType.IMAGE, MediaType.PRODUCT,
                MediaType.IMAGE, MediaType.BIZ_COVER_PHOTO, MediaType.IMAGE, MediaType.GIF, MediaType.VIDEO,
                MediaType.PTV, MediaType.VIDEO, MediaType.PTT, MediaType.AUDIO);
        family.forEach((type, of) -> {
            assertTrue(type.sharesKeysWith(of), type + " shares keys with " + of);
            assertEquals(BAILEYS_EXPANSIONS.get(of), HEX.formatHex(MediaKeys.expand(KAT_KEY, type)), type.name());
        });
        assertFalse(MediaType.IMAGE.sharesKeysWith(MediaType.THUMBNAIL_IMAGE));
        assertEquals("WhatsApp Sticker Pack Keys", MediaType.STICKER_PACK.hkdfInfo());
        assertNotEquals(HEX.formatHex(MediaKeys.expand(KAT_KEY, MediaType.STICKER_PACK)),
                BAILEYS_EXPANSIONS.get(MediaType.IMAGE));
    }

    @Test
    void splitsTheExpansionIntoIvCipherMacAndRefKeys() {
        byte[] expanded = HEX.parseHex(BAILEYS_EXPANSIONS.get(MediaType.DOCUMENT));
        MediaKeys keys = MediaKeys.derive(KAT_KEY, MediaType.DOCUMENT);
        assertArrayEquals(java.util.Arrays.copyOfRange(expanded, 0, 16), keys.iv());
        assertArrayEquals(java.util.Arrays.copyOfRange(expanded, 16, 48), keys.cipherKey());
        assertArrayEquals(java.util.Arrays.copyOfRange(expanded, 48, 80), keys.macKey());
        assertArrayEquals(java.util.Arrays.copyOfRange(expanded, 80, 112), keys.refKey());
        assertEquals(MediaType.DOCUMENT, keys.type());
        assertFalse(keys.toString().contains(HEX.formatHex(keys.cipherKey())));
    }

    @Test
    void rejectsAMediaKeyOfTheWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> MediaKeys.derive(new byte[31], MediaType.IMAGE));
        assertThrows(IllegalArgumentException.class, () -> MediaKeys.derive(null, MediaType.IMAGE));
        assertEquals(32, MediaKeys.newMediaKey().length);
    }

    @Test
    void resolvesBaileysAndEnumNames() {
        assertEquals(MediaType.PTT, MediaType.fromName("ptt").orElseThrow());
        assertEquals(MediaType.HISTORY, MediaType.fromName("md-msg-hist").orElseThrow());
        assertEquals(MediaType.THUMBNAIL_LINK, MediaType.fromName("thumbnail-link").orElseThrow());
        assertEquals(MediaType.STICKER_PACK, MediaType.fromName("sticker_pack").orElseThrow());
        assertTrue(MediaType.fromName("ppic").isEmpty());
        assertTrue(MediaType.STICKER_PACK.baileysName().isEmpty());
    }
}
