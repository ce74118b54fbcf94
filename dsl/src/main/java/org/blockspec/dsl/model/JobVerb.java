package org.blockspec.dsl.model;

/**
 * What a scenario asks of a running job. Through the job API ({@code job-pause} ...) or the
 * block-job one ({@code block-job-pause} ...), which differ in error classes and in cancel:
 * {@code job-cancel} always cancels hard, {@code block-job-cancel} on a ready mirror finishes
 * it without switching over, unless forced.
 */
public enum JobVerb {
    PAUSE("pause"), RESUME("resume"), CANCEL("cancel"), COMPLETE("complete"), FINALIZE("finalize"), DISMISS("dismiss"),
    /** block-job-set-speed; the job API has no such verb in QEMU 7.2. */
    SET_SPEED("set-speed");

    private final String word;

    JobVerb(String word) {
        this.word = word;
    }

    public String word() { return word; }

    public static JobVerb fromWord(String w) {
        for (JobVerb v : values()) if (v.word.equals(w)) return v;
        return null;
    }

    /** The QMP command: {@code job-cancel}, {@code block-job-set-speed} ... */
    public String command(boolean blockJob) {
        return (blockJob ? "block-job-" : "job-") + word;
    }

    /** The argument naming the job: block-job commands say {@code device}, except finalize and dismiss. */
    public String idArgument(boolean blockJob) {
        return blockJob && this != FINALIZE && this != DISMISS ? "device" : "id";
    }
}
