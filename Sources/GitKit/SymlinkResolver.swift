/// Decides whether symlinks written into a folder stay inside it.
///
/// A purely textual check of each target is not enough: with `a/b/up -> ..`, the link
/// `x -> a/b/up/../..` looks like it stays inside but climbs out once `up` is followed. So targets
/// are resolved the way the operating system will, following the folder's own links.
struct SymlinkResolver {
    /// Link targets by folder-relative path (`sub/link`).
    let links: [String: String]

    /// Linux gives up after 40 links (ELOOP); a longer chain is refused as well.
    private static let maximumHops = 40

    /// True when the link at `path` (folder-relative components) resolves inside the folder.
    func staysInside(link path: [String]) -> Bool {
        guard let target = links[path.joined(separator: "/")] else { return true }
        var hops = 0
        return resolve(target, from: Array(path.dropLast()), hops: &hops) != nil
    }

    /// The folder-relative location `target` reaches from the folder `base` (which holds no
    /// symlinks), or nil when it leaves the folder, is absolute, or loops.
    private func resolve(_ target: String, from base: [String], hops: inout Int) -> [String]? {
        guard !target.hasPrefix("/") else { return nil }
        var current = base
        for component in target.split(separator: "/") {
            switch component {
            case ".":
                continue
            case "..":
                guard !current.isEmpty else { return nil }
                current.removeLast()
            default:
                current.append(String(component))
                guard let next = links[current.joined(separator: "/")] else { continue }
                hops += 1
                guard hops <= Self.maximumHops,
                      let resolved = resolve(next, from: Array(current.dropLast()), hops: &hops)
                else { return nil }
                current = resolved
            }
        }
        return current
    }
}
