package dev.hearth.oci.image;

/** {@code schemaVersion} of index and manifest: 2 is the only value the spec allows. */
final class SchemaVersion {
    static final int CURRENT = 2;

    private SchemaVersion() {}

    static void check(Integer schemaVersion) {
        Checks.required("schemaVersion", schemaVersion);
        if (schemaVersion != CURRENT)
            throw new InvalidFieldException("schemaVersion", "must be " + CURRENT + ", got " + schemaVersion);
    }
}
