package org.homebound.telephony.audio;

/** The G.711 encodings a call can negotiate, with their static RTP payload types (RFC 3551). */
public enum AudioEncoding {
    PCMU(0, (byte) 0xFF),
    PCMA(8, (byte) 0xD5);

    private final int payloadType;
    private final byte silence;

    AudioEncoding(int payloadType, byte silence) {
        this.payloadType = payloadType;
        this.silence = silence;
    }

    public int payloadType() {
        return payloadType;
    }

    /** The code for a zero sample, used to fill gaps. */
    public byte silence() {
        return silence;
    }

    public byte encode(short sample) {
        return this == PCMU ? G711.linearToUlaw(sample) : G711.linearToAlaw(sample);
    }

    public short decode(byte code) {
        return this == PCMU ? G711.ulawToLinear(code) : G711.alawToLinear(code);
    }

    public byte[] encode(short[] pcm) {
        byte[] out = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = encode(pcm[i]);
        }
        return out;
    }

    public short[] decode(byte[] codes) {
        short[] out = new short[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = decode(codes[i]);
        }
        return out;
    }

    public static AudioEncoding forPayloadType(int payloadType) {
        for (AudioEncoding e : values()) {
            if (e.payloadType == payloadType) {
                return e;
            }
        }
        throw new IllegalArgumentException("not a G.711 payload type: " + payloadType);
    }
}
