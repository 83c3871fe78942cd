package org.evoke.eeg.lsl;

/** LSL's channel formats and their sizes in bytes (0: strings, length-prefixed). */
public enum ChannelFormat {
    FLOAT32("float32", 4), DOUBLE64("double64", 8), STRING("string", 0), INT32("int32", 4), INT16("int16", 2),
    INT8("int8", 1), INT64("int64", 8);

    private final String xml;
    private final int bytes;

    ChannelFormat(String xml, int bytes) {
        this.xml = xml;
        this.bytes = bytes;
    }

    /** The name in a stream's XML description. */
    public String xml() {
        return xml;
    }

    public int bytes() {
        return bytes;
    }

    /** By its XML name, or null. */
    public static ChannelFormat of(String xml) {
        for (ChannelFormat f : values()) {
            if (f.xml.equals(xml)) {
                return f;
            }
        }
        return null;
    }
}
