package io.wabridge.store.postgres.entity;

import java.util.List;

/** Every mapped table, for the session factory. */
public final class Entities {

    private Entities() {
    }

    /** The account-store entities (schema V1) and the bridge's (V2). */
    public static final List<Class<?>> ALL = List.of(CredentialsRow.class, SignalSessionRow.class, IdentityRow.class,
            PreKeyRow.class, SignedPreKeyRow.class, SenderKeyRow.class, AppStateKeyRow.class, AppStateVersionRow.class,
            AppStateMacRow.class, PrivacyTokenRow.class, MessageRow.class, ThreadRow.class, ContactRow.class,
            LidMappingRow.class, LabelRow.class, BridgeSessionRow.class, LeaseRow.class, CommandResultRow.class);
}
