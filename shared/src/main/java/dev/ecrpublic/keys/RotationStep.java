package dev.ecrpublic.keys;

/** The four steps Secrets Manager asks a rotation function to run, with their wire names. */
public enum RotationStep {
    CREATE_SECRET("createSecret"),
    SET_SECRET("setSecret"),
    TEST_SECRET("testSecret"),
    FINISH_SECRET("finishSecret");

    public final String wire;

    RotationStep(String wire) {
        this.wire = wire;
    }

    public static RotationStep fromWire(String wire) {
        for (RotationStep s : values()) if (s.wire.equals(wire)) return s;
        throw new IllegalArgumentException("unknown rotation step: " + wire);
    }
}
