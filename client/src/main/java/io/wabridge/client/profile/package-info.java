/**
 * Profile and contacts: our push name, about text and profile picture; a contact's picture URL and about; whether
 * phone numbers are on WhatsApp (usync, with LID and business flags); business profiles. {@link
 * io.wabridge.client.profile.Profiles} is the coordinator ({@code WaClient.profile()}).
 */
package io.wabridge.client.profile;
