package dev.hearth.oci.image;

/**
 * Thrown by the records' constructors when a value breaks the image spec. It carries the JSON name
 * of the field so that a parser can prefix the path to the object that holds it
 * ({@code manifests[0].digest}).
 */
public final class InvalidFieldException extends IllegalArgumentException {
    private final String field;
    private final String problem;

    public InvalidFieldException(String field, String problem) {
        super("field " + field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** JSON name of the offending field, relative to the object being built. */
    public String field() { return field; }

    /** What is wrong with it, without the field name. */
    public String problem() { return problem; }
}
