import Foundation
import PlanLoading
import PlanModel
import Yams

/// Finds the Deployments a kustomization applies, so that the release record and the image check
/// know them: its `resources` (files, and folders with a kustomization of their own), with its
/// `namespace` and `images`. Patches, name prefixes and generators are not applied to this
/// reading; kubectl's own kustomize builds what is deployed.
///
/// Every file kustomize would read (each kustomization, its resources, bases, components,
/// patches and generator files) must lie inside the plan's folder once its symlinks are followed;
/// one that does not is never read and is listed in ``refused`` for the step to report.
struct KustomizationReader {
    static let fileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// A path kustomize would read that the plan may not: where it is named, and where it leads.
    struct Refusal: Equatable {
        /// The path as ``PlanFolder/name(of:)`` shows it.
        var path: String
        /// The kustomization naming it, relative to the plan's folder (nil for a kustomization file itself).
        var namedIn: String?
        var resolution: PlanFolder.Resolution
    }

    let folder: PlanFolder
    private(set) var refused: [Refusal] = []
    /// Every file and folder read so far (kustomizations and what they name), relative to the
    /// plan's folder, in the order met: what `bosun diff` counts as read by the step.
    private(set) var read: [String] = []
    private var readSet: Set<String> = []
    /// Kustomizations already read (resolved paths): a folder named twice, or naming itself, is
    /// read once, so a few folders naming each other cannot take exponential time.
    private var visited: Set<String> = []

    init(folder: PlanFolder) { self.folder = folder }

    static func file(in folder: String) -> String? {
        fileNames.map { (folder as NSString).appendingPathComponent($0) }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Fields whose entries are paths (files, or folders of kustomizations for the first three),
    /// fields whose entries carry a `path`, and the generators' file fields.
    private static let pathLists = ["resources", "bases", "components", "crds", "configurations", "transformers", "generators",
                                    "validators", "patchesStrategicMerge"]
    private static let pathObjects = ["patches", "patchesJson6902", "replacements"]
    private static let generators = ["configMapGenerator", "secretGenerator"]

    mutating func deployments(
        in kustomizationFolder: String, depth: Int = 0, scan: (String, String) -> [ManifestDeployment]
    ) -> [ManifestDeployment] {
        guard depth < 16, let path = Self.file(in: kustomizationFolder), admit(path, namedIn: nil),
              let real = PlanFolder.realPath(path), visited.insert(real).inserted,
              let data = FileManager.default.contents(atPath: path),
              let node = try? YAMLDocument.compose(String(decoding: data, as: UTF8.self), file: path), let fields = node.mapping
        else { return [] }
        let namedIn = folder.name(of: path)
        var found: [ManifestDeployment] = []
        for (field, entry) in Self.paths(in: fields) {
            let target = URL(fileURLWithPath: entry, relativeTo: URL(fileURLWithPath: kustomizationFolder + "/")).standardizedFileURL.path
            guard admit(target, namedIn: namedIn) else { continue }
            var isFolder: ObjCBool = false
            guard field == "resources" || field == "bases" || field == "components",
                  FileManager.default.fileExists(atPath: target, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                found += deployments(in: target, depth: depth + 1, scan: scan)
            } else if field == "resources", let text = FileManager.default.contents(atPath: target).map({ String(decoding: $0, as: UTF8.self) }) {
                found += scan(text, target)
            }
        }
        return Self.transformed(found, by: fields)
    }

    /// Whether kustomize may read `path` (absolute): missing ones are passed over (kubectl says
    /// so), folders and regular files inside the plan's folder are fine, anything else is refused.
    private mutating func admit(_ path: String, namedIn: String?) -> Bool {
        let shown = folder.name(of: path)
        switch folder.resolve(path) {
        case .missing: return false
        case .inside(let real):
            var isFolder: ObjCBool = false
            if PlanFolder.isRegularFile(real) || (FileManager.default.fileExists(atPath: real, isDirectory: &isFolder) && isFolder.boolValue) {
                if !shown.hasPrefix("/"), readSet.insert(shown).inserted { read.append(shown) }
                return true
            }
            refused.append(Refusal(path: shown, namedIn: namedIn, resolution: .inside(real)))
        case let resolution:
            refused.append(Refusal(path: shown, namedIn: namedIn, resolution: resolution))
        }
        return false
    }

    /// Every local path a kustomization names, with its field (URLs and inline patches are not paths).
    private static func paths(in fields: Node.Mapping) -> [(field: String, path: String)] {
        var paths: [(String, String)] = []
        for field in pathLists { for entry in fields[field]?.sequence?.compactMap(\.string) ?? [] { paths.append((field, entry)) } }
        for field in pathObjects {
            for entry in fields[field]?.sequence ?? [] { if let path = entry.mapping?["path"]?.string { paths.append((field, path)) } }
        }
        for field in generators {
            for generator in fields[field]?.sequence?.compactMap(\.mapping) ?? [] {
                // `files` entries are `path` or `key=path`.
                let files = generator["files"]?.sequence?.compactMap(\.string).map { $0.split(separator: "=", maxSplits: 1).last.map(String.init) ?? $0 } ?? []
                let envs = (generator["envs"]?.sequence?.compactMap(\.string) ?? []) + [generator["env"]?.string].compactMap { $0 }
                paths += (files + envs).map { (field, $0) }
            }
        }
        if let openAPI = fields["openapi"]?.mapping?["path"]?.string { paths.append(("openapi", openAPI)) }
        return paths.filter { !$0.1.isEmpty && !$0.1.contains("://") && !$0.1.contains("\n") }
    }

    /// The kustomization's `namespace` and `images` applied to what its resources hold.
    private static func transformed(_ found: [ManifestDeployment], by fields: Node.Mapping) -> [ManifestDeployment] {
        let namespace = fields["namespace"]?.string
        var images: [String: String] = [:]
        for entry in fields["images"]?.sequence ?? [] {
            guard let image = entry.mapping, let name = image["name"]?.string else { continue }
            var replacement = image["newName"]?.string ?? name
            if let digest = image["digest"]?.string { replacement += "@" + digest }
            else if let tag = image["newTag"]?.string { replacement += ":" + tag }
            images[name] = replacement
        }
        return found.map { deployment in
            var deployment = deployment
            if let namespace { deployment.namespace = namespace }
            deployment.images = deployment.images.mapValues { KustomizeImage.apply(images, to: $0) }
            return deployment
        }
    }
}

/// Image references the way kustomize's `images:` field matches and rewrites them.
enum KustomizeImage {
    /// The image's name without tag or digest: `registry:5000/app:v1` → `registry:5000/app`.
    static func name(of image: String) -> String {
        var name = Substring(image)
        if let at = name.firstIndex(of: "@") { name = name[..<at] }
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") { name = name[..<colon] }
        return String(name)
    }

    /// `image` with the override whose key is its name, if any.
    static func apply(_ overrides: [String: String], to image: String) -> String {
        overrides[name(of: image)] ?? image
    }

    /// The overlay Bosun writes in the run folder: the plan's kustomization, with the images set.
    /// `base` is a command word (`{plan}/k8s`); the images are plan data, escaped here.
    static func overlay(base: String, images: [String: String]) -> String {
        let quoted = { (text: String) in Self.quoted(CommandWord.escaped(text)) }
        var lines = ["# Written by Bosun for this run: the plan's kustomization with the step's images.",
                     "apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", "resources:",
                     "  - " + Self.quoted(base), "images:"]
        for key in images.keys.sorted() {
            let image = images[key]!
            lines += ["  - name: " + quoted(key), "    newName: " + quoted(name(of: image))]
            if let at = image.firstIndex(of: "@") {
                lines.append("    digest: " + quoted(String(image[image.index(after: at)...])))
            } else if name(of: image) != image {
                lines.append("    newTag: " + quoted(String(image.dropFirst(name(of: image).count + 1))))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar: plan data never changes the overlay's structure.
    private static func quoted(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default:
                if scalar.value < 0x20 { escaped += String(format: "\\x%02X", scalar.value) } else { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped + "\""
    }
}
