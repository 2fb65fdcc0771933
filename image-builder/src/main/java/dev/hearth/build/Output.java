package dev.hearth.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where {@code -o} sends the image: an OCI archive file ({@code -o fn.tar}, {@code type=oci,dest=fn.tar})
 * or an OCI image layout directory ({@code -o dir/}, an existing directory, or
 * {@code type=oci-layout,dest=dir}). The {@code type=...,dest=...} form is buildx's.
 */
record Output(Kind kind, Path path) {
    enum Kind { ARCHIVE, LAYOUT }

    static Output archive(Path file) {
        return new Output(Kind.ARCHIVE, file.toAbsolutePath().normalize());
    }

    static Output layout(Path dir) {
        return new Output(Kind.LAYOUT, dir.toAbsolutePath().normalize());
    }

    static Output parse(String spec) throws BuildException {
        if (spec.isBlank()) throw new BuildException("-o is empty");
        if (!spec.startsWith("type=")) {
            Path path = Path.of(spec);
            return spec.endsWith("/") || Files.isDirectory(path) ? layout(path) : archive(path);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) throw new BuildException("-o " + spec + ": expected key=value, got \"" + part + "\"");
            fields.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
        String dest = fields.get("dest");
        if (dest == null || dest.isEmpty()) throw new BuildException("-o " + spec + ": dest=<path> is missing");
        for (String key : fields.keySet()) {
            if (!key.equals("type") && !key.equals("dest"))
                throw new BuildException("-o " + spec + ": unknown key \"" + key + "\" (known: type, dest)");
        }
        return switch (fields.get("type")) {
            case "oci-layout" -> layout(Path.of(dest));
            case "oci", "tar" -> archive(Path.of(dest));
            default -> throw new BuildException("-o " + spec + ": type must be oci-layout (a directory) or oci (an archive file)");
        };
    }

    /**
     * Checks that the output can be written and returns its path as a directory walk of the
     * function sees it (through symlinked parents), so that it can be left out of the image.
     */
    Path checkedPath() throws BuildException {
        Path parent = path.getParent();
        if (parent == null || !Files.isDirectory(parent))
            throw new BuildException("output directory " + parent + " does not exist");
        if (kind == Kind.ARCHIVE && Files.isDirectory(path))
            throw new BuildException("output " + path + " is a directory; give a file name, or type=oci-layout");
        if (kind == Kind.LAYOUT && Files.exists(path) && !Files.isDirectory(path))
            throw new BuildException("output " + path + " exists and is not a directory");
        try {
            return parent.toRealPath().resolve(path.getFileName());
        } catch (IOException e) {
            throw new BuildException("cannot read output directory " + parent + ": " + SourceTree.reason(e), e);
        }
    }

    void write(BuiltImage image) throws BuildException {
        try {
            switch (kind) {
                case ARCHIVE -> OciArchiveWriter.write(path, image);
                case LAYOUT -> OciLayoutWriter.write(path, image);
            }
        } catch (IOException e) {
            throw new BuildException("cannot write " + path + ": " + SourceTree.reason(e), e);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
