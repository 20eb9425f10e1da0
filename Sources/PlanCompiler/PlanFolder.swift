import Foundation

/// The plan's folder as the boundary of what a run reads. A run from a git revision materializes
/// this folder and nothing else, and a reviewer reads only what is in it: a path that leads out
/// (by `..`, by being absolute, or through a symlink anywhere on the way) would deploy a file the
/// plan does not hold, such as `k8s/app.yaml -> /etc/kubernetes/admin.conf`.
struct PlanFolder {
    /// The folder as the compiler names it (commands run there).
    let path: String
    /// The same folder with every symlink resolved, to compare resolved paths with.
    let resolved: String

    init(_ path: String) {
        self.path = path
        resolved = Self.realPath(path) ?? URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Where a file read through `relative` (to the plan's folder) really is.
    enum Resolution: Equatable {
        case inside(String)
        /// Resolved outside the folder: the resolved path.
        case outside(String)
        /// A symlink to nothing, or a loop of symlinks.
        case unresolvable
        case missing
    }

    func resolve(_ relative: String) -> Resolution {
        let absolute = (relative as NSString).isAbsolutePath ? relative : (path as NSString).appendingPathComponent(relative)
        guard let real = Self.realPath(absolute) else {
            // lstat sees the link itself: a link whose target is missing is there but leads nowhere.
            return (try? FileManager.default.attributesOfItem(atPath: absolute)) == nil ? .missing : .unresolvable
        }
        return contains(real) ? .inside(real) : .outside(real)
    }

    /// Whether a resolved absolute path is the folder or inside it.
    func contains(_ real: String) -> Bool {
        real == resolved || real.hasPrefix(resolved.hasSuffix("/") ? resolved : resolved + "/")
    }

    /// A path the way messages name it: relative to the folder when it is inside by its name
    /// (`..` resolved, symlinks not), else absolute.
    func name(of path: String) -> String {
        let absolute = (path as NSString).isAbsolutePath ? path : (self.path as NSString).appendingPathComponent(path)
        let lexical = URL(fileURLWithPath: absolute).standardizedFileURL.path
        for base in [URL(fileURLWithPath: self.path).standardizedFileURL.path, resolved] {
            if lexical == base { return "." }
            let prefix = base.hasSuffix("/") ? base : base + "/"
            if lexical.hasPrefix(prefix) { return String(lexical.dropFirst(prefix.count)) }
        }
        return lexical
    }

    /// realpath(3): every symlink and `..` resolved, or nil when the path does not resolve.
    static func realPath(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    /// Whether a resolved path is a regular file: a FIFO or a device is no manifest, and reading
    /// one may block or never end.
    static func isRegularFile(_ real: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: real)[.type] as? FileAttributeType) == .typeRegular
    }
}
