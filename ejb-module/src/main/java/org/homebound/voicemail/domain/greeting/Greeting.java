package org.homebound.voicemail.domain.greeting;

import java.time.Instant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.homebound.voicemail.domain.message.AudioFormat;

/**
 * A mailbox's personal greeting. The home site keeps the original and sends every change to
 * every peer, so a caller diverted at any site hears it even while the home site is down. A copy
 * changes only by a newer change from the mailbox's home site.
 */
@Entity
@Table(name = "greeting")
public class Greeting {

    /** Longest greeting: two minutes (a caller should not wait longer for the tone). */
    public static final int MAX_SECONDS = 120;
    /** Two minutes of Opus at 10 kbit/s is ~150 KB; what a peer may send is bounded by this. */
    public static final int MAX_BYTES = 512 * 1024;

    @Id
    @Column(name = "extension", nullable = false, length = 32)
    private String extension;

    /** The site the greeting came from: the mailbox's home when it was set. */
    @Column(name = "home_site", nullable = false, length = 32)
    private String homeSite;

    @Enumerated(EnumType.STRING)
    @Column(name = "format", nullable = false, length = 16)
    private AudioFormat format;

    @Column(name = "data", nullable = false, length = MAX_BYTES)
    private byte[] data;

    @Column(name = "duration_millis", nullable = false)
    private long durationMillis;

    /** When the home site took this greeting: of two versions the later wins everywhere. */
    @Column(name = "changed_at", nullable = false)
    private Instant changedAt;

    protected Greeting() {
    }

    public Greeting(String extension, String homeSite, AudioFormat format, byte[] data, long durationMillis, Instant changedAt) {
        this.extension = extension;
        replace(homeSite, format, data, durationMillis, changedAt);
    }

    public final void replace(String homeSite, AudioFormat format, byte[] data, long durationMillis, Instant changedAt) {
        this.homeSite = homeSite;
        this.format = format;
        this.data = data;
        this.durationMillis = durationMillis;
        this.changedAt = changedAt;
    }

    public String getExtension() {
        return extension;
    }

    public String getHomeSite() {
        return homeSite;
    }

    public AudioFormat getFormat() {
        return format;
    }

    public byte[] getData() {
        return data;
    }

    public long getDurationMillis() {
        return durationMillis;
    }

    public Instant getChangedAt() {
        return changedAt;
    }
}
