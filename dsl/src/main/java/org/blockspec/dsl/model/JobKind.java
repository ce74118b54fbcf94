package org.blockspec.dsl.model;

/**
 * The block jobs a scenario can start, each with the QMP command that starts it. Scenarios
 * name them in short form ({@code job m1 mirror ...}).
 */
public enum JobKind {
    /** blockdev-mirror: into an existing node. */
    MIRROR("mirror", "blockdev-mirror"),
    /** drive-mirror: into an image file the command creates (or opens). */
    DRIVE_MIRROR("drive-mirror", "drive-mirror"),
    /** block-commit: a chain's top (or an image below it) into a base. */
    COMMIT("commit", "block-commit"),
    /** block-stream: data from the backing chain into the top. */
    STREAM("stream", "block-stream"),
    /** blockdev-backup: a point-in-time copy into an existing node. */
    BACKUP("backup", "blockdev-backup"),
    /** drive-backup: a point-in-time copy into an image file. */
    DRIVE_BACKUP("drive-backup", "drive-backup");

    private final String word;
    private final String command;

    JobKind(String word, String command) {
        this.word = word;
        this.command = command;
    }

    /** How a scenario names it. */
    public String word() { return word; }

    /** The QMP command that starts it. */
    public String command() { return command; }

    public static JobKind fromWord(String w) {
        for (JobKind k : values()) if (k.word.equals(w)) return k;
        return null;
    }
}
