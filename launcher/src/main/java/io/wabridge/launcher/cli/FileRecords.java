package io.wabridge.launcher.cli;

import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/** A small map of byte records kept in memory and rewritten to its file (atomically) after every change. */
final class FileRecords<K extends Comparable<K>> {
    private final PropertiesFile file;
    private final Function<K, String> keyText;
    private final TreeMap<K, byte[]> records = new TreeMap<>();

    FileRecords(PropertiesFile file, Function<K, String> keyText, Function<String, K> keyParse) {
        this.file = file;
        this.keyText = keyText;
        Properties p = file.read();
        for (String name : p.stringPropertyNames()) {
            records.put(keyParse.apply(name), Base64.getDecoder().decode(p.getProperty(name)));
        }
    }

    synchronized byte[] get(K key) {
        return records.get(key);
    }

    synchronized Map<K, byte[]> snapshot() {
        return new TreeMap<>(records);
    }

    synchronized void putAll(Map<K, byte[]> entries) {
        records.putAll(entries);
        flush();
    }

    synchronized void removeAll(Iterable<K> keys) {
        for (K key : keys) {
            records.remove(key);
        }
        flush();
    }

    synchronized void clear() {
        records.clear();
        file.delete();
    }

    private void flush() {
        Properties p = new Properties();
        records.forEach((k, v) -> p.setProperty(keyText.apply(k), Base64.getEncoder().encodeToString(v)));
        file.write(p);
    }
}
