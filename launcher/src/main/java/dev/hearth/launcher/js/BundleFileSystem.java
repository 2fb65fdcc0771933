package dev.hearth.launcher.js;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.io.FileSystem;

/**
 * The only file system a function's context sees: the container's rootfs as a read-only,
 * chroot-like tree. Guest paths are container paths ({@code /app/lib.mjs}); each is mapped onto
 * the host below the rootfs, so stack traces and {@code import '/lib/x.mjs'} look the same as in
 * any container runtime. GraalJS uses it only to load ES modules (bare specifiers from
 * node_modules: {@link #parsePath(String)}); nothing else reads files.
 *
 * <p>Escape rules: {@code ..} cannot climb above {@code /} (as in a chroot), and a path whose
 * symlinks resolve (on the host) outside the rootfs is refused. Absolute symlinks inside an image
 * are therefore resolved against the host and usually refused; relative ones work.
 */
public final class BundleFileSystem implements FileSystem {

    private static final Path GUEST_ROOT = Path.of("/");

    /** Null until {@link #bind}: a context made before its container is known reads nothing. */
    private volatile Path rootfs;
    private volatile Path cwd;
    /** Where bare specifiers are looked up from when their importer is not known: the entrypoint's directory. */
    private volatile String packageBase;
    /** The last absolute path GraalJS parsed: the module whose bare specifiers it resolves next ({@link #parsePath(String)}). */
    private volatile String importer;
    /** The bundle's files by container path, for package and CommonJS resolution. */
    private final PackageResolver.Files bundleFiles = new PackageResolver.Files() {
        @Override
        public boolean isFile(String guestPath) {
            try {
                return Files.isRegularFile(checkedRealPath(Path.of(guestPath)));
            } catch (IOException e) {
                return false; // missing, or outside the bundle
            }
        }

        @Override
        public boolean isDirectory(String guestPath) {
            try {
                return Files.isDirectory(checkedRealPath(Path.of(guestPath)));
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public String read(String guestPath) throws IOException {
            return Files.readString(checkedRealPath(Path.of(guestPath)));
        }
    };
    private final PackageResolver packages = PackageResolver.forImports(bundleFiles);
    private final CommonJs commonJs = new CommonJs(bundleFiles);

    /**
     * @param rootfs the container's root on the host; must exist
     * @param cwd    the function's working directory as a container path; relative imports of
     *               the entrypoint never need it, relative paths given to the engine do
     */
    public BundleFileSystem(Path rootfs, String cwd) throws IOException {
        bind(rootfs, cwd);
    }

    private BundleFileSystem() { }

    /**
     * A file system with no root yet, for a context created before its container is known (a
     * parked pool worker's): every access fails until {@link #bind} gives it one.
     */
    public static BundleFileSystem unbound() {
        return new BundleFileSystem();
    }

    /**
     * Gives an {@link #unbound()} file system its rootfs and working directory, once.
     *
     * @throws IllegalStateException when it already has a root (a context serves one container)
     */
    public synchronized void bind(Path rootfs, String cwd) throws IOException {
        if (this.rootfs != null) {
            throw new IllegalStateException("this bundle file system is already bound to " + this.rootfs);
        }
        Path real = rootfs.toRealPath();
        String dir = cwd == null || cwd.isEmpty() ? "/" : cwd;
        this.cwd = GUEST_ROOT.resolve(dir).normalize();
        this.rootfs = real;
    }

    /**
     * The container path of a file below the rootfs, e.g. {@code /app/index.mjs}. Symlinks are
     * resolved first (as Node resolves its main module), so the file must really be inside.
     */
    public static String guestPathOf(Path rootfs, Path hostFile) throws IOException {
        Path root = rootfs.toRealPath();
        Path file = hostFile.toRealPath();
        if (!file.startsWith(root)) {
            throw new IOException(hostFile + " is not inside the rootfs " + rootfs);
        }
        return "/" + root.relativize(file);
    }

    /** The host file behind a container path, checked to stay inside the rootfs. */
    public Path hostFile(Path guest) throws IOException {
        return checkedRealPath(guest);
    }

    @Override
    public Path parsePath(URI uri) {
        if (!"file".equals(uri.getScheme())) {
            throw new UnsupportedOperationException("only file: URIs can be imported, not " + uri);
        }
        return Path.of(uri.getPath());
    }

    /**
     * GraalJS hands a bare specifier ({@code "pkg"}, {@code "@scope/pkg/sub"}) to this method as
     * it is (a relative or absolute one it resolves against the importing module itself), so this
     * is where packages in {@code node_modules} are found ({@link PackageResolver}), looked up from
     * the importing module's directory as node does. A specifier no node_modules holds stays a
     * path below the working directory, which then is not found: "Cannot find module 'pkg'".
     *
     * <p>Which module imports is not an argument: GraalJS (25.x, DefaultESModuleLoader) parses the
     * importing module's path with this method just before the bare specifier it imports, in the
     * same resolution step and on the context's one thread, so the last absolute path parsed is
     * the importer's ({@link #importer}). The polyglot API has no referrer argument and the option
     * that would resolve bare specifiers against the importer ({@code
     * js.esm-bare-specifier-relative-lookup}) is refused under the CONSTRAINED sandbox policy.
     * PackageImportTest pins this order: were it to change, a nested package would no longer be
     * found there. Without a module path (a source with no file), the entrypoint's directory is
     * the base.
     */
    @Override
    public Path parsePath(String path) {
        if (rootfs != null && PackageResolver.isBareSpecifier(path)) {
            String from = importerDirectory();
            importer = null; // one specifier per importer parse: a stale importer is never reused
            String resolved;
            try {
                resolved = packages.resolve(path, from);
            } catch (IllegalArgumentException e) {
                throw new InvalidPathException(path, e.getMessage());
            }
            if (resolved != null) {
                return Path.of(resolved);
            }
        } else if (path.startsWith("/")) {
            importer = path;
        }
        return Path.of(path);
    }

    private String importerDirectory() {
        String module = importer;
        if (module != null) {
            Path dir = Path.of(module).normalize().getParent();
            return dir == null ? "/" : dir.toString();
        }
        return packageBase != null ? packageBase : cwd.toString();
    }

    /**
     * Bare specifiers whose importer is not known (a module without a path) are looked up from
     * here: the entrypoint's directory.
     */
    public void lookUpPackagesFrom(String guestDir) {
        this.packageBase = guestDir;
    }

    @Override
    public Path toAbsolutePath(Path path) {
        if (path.isAbsolute()) {
            return path;
        }
        Path dir = cwd;
        if (dir == null) {
            throw new IllegalStateException("no container is bound yet: " + path + " has no working directory");
        }
        return dir.resolve(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... linkOptions) throws IOException {
        Path real = checkedRealPath(path);
        return GUEST_ROOT.resolve(boundRoot(path).relativize(real).toString());
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... linkOptions)
            throws IOException {
        if (modes.contains(AccessMode.WRITE)) {
            throw new AccessDeniedException(path.toString(), null, "the bundle is read-only");
        }
        Path real = checkedRealPath(path);
        real.getFileSystem().provider().checkAccess(real, modes.toArray(AccessMode[]::new));
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
            FileAttribute<?>... attrs) throws IOException {
        for (OpenOption option : options) {
            if (option != StandardOpenOption.READ && option != LinkOption.NOFOLLOW_LINKS) {
                throw new AccessDeniedException(path.toString(), null,
                        "the bundle is read-only (" + option + ")");
            }
        }
        Path real = checkedRealPath(path);
        String name = real.getFileName() == null ? "" : real.getFileName().toString();
        if (name.endsWith(".js") || name.endsWith(".cjs")) {
            // GraalJS reads files only to load them as ES modules: a CommonJS file is loaded as the
            // module that re-exports what the CommonJS loader gives (commonjs.js).
            // Read once: the bytes the check looked at are the ones served.
            String guest = toAbsolutePath(path).normalize().toString();
            byte[] bytes = Files.readAllBytes(real);
            String text = new String(bytes, StandardCharsets.UTF_8);
            return new BytesChannel(commonJs.isCommonJs(guest, text)
                    ? commonJs.esModule(guest, text).getBytes(StandardCharsets.UTF_8) : bytes);
        }
        return Files.newByteChannel(real, StandardOpenOption.READ);
    }

    /** CommonJS in this bundle: require's resolution and the files' text (commonjs.js). */
    CommonJs commonJs() {
        return commonJs;
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        return Files.readAttributes(checkedRealPath(path), attributes);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        throw new AccessDeniedException(dir.toString(), null, "functions cannot list directories");
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        throw new AccessDeniedException(dir.toString(), null, "the bundle is read-only");
    }

    @Override
    public void delete(Path path) throws IOException {
        throw new AccessDeniedException(path.toString(), null, "the bundle is read-only");
    }

    /** Maps a guest path below the rootfs, resolves symlinks on the host and refuses escapes. */
    private Path checkedRealPath(Path guest) throws IOException {
        Path rootfs = boundRoot(guest);
        Path absolute = toAbsolutePath(guest).normalize();
        // normalize() keeps leading ".." of an absolute path out: "/../x" is "/x", as in a chroot.
        Path host = rootfs.resolve(GUEST_ROOT.relativize(absolute).toString());
        Path real;
        try {
            real = host.toRealPath();
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(guest.toString());
        }
        if (!real.startsWith(rootfs)) {
            throw new AccessDeniedException(guest.toString(), null, "resolves outside the bundle");
        }
        return real;
    }

    private Path boundRoot(Path guest) throws AccessDeniedException {
        Path root = rootfs;
        if (root == null) {
            throw new AccessDeniedException(guest.toString(), null, "no container is bound to this context yet");
        }
        return root;
    }
}
