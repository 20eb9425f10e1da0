import Foundation
import PlanLoading
import Yams

/// Finds the Deployments a kustomization applies, so that the release record and the image check
/// know them: its `resources` (files, and folders with a kustomization of their own), with its
/// `namespace` and `images`. Patches, name prefixes and generators are not applied to this
/// reading; kubectl's own kustomize builds what is deployed.
enum KustomizationReader {
    static let fileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    static func file(in folder: String) -> String? {
        fileNames.map { (folder as NSString).appendingPathComponent($0) }.first { FileManager.default.fileExists(atPath: $0) }
    }

    static func deployments(
        in folder: String, depth: Int = 0, file scan: (String, String) -> [ManifestDeployment]
    ) -> [ManifestDeployment] {
        guard depth < 16, let path = file(in: folder), let data = FileManager.default.contents(atPath: path),
              let node = try? Yams.compose(yaml: String(decoding: data, as: UTF8.self), .basic), let fields = node.mapping
        else { return [] }
        var found: [ManifestDeployment] = []
        for resource in fields["resources"]?.sequence?.compactMap(\.string) ?? [] where !resource.contains("://") {
            let target = URL(fileURLWithPath: resource, relativeTo: URL(fileURLWithPath: folder + "/")).standardizedFileURL.path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: target, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                found += deployments(in: target, depth: depth + 1, file: scan)
            } else if let text = FileManager.default.contents(atPath: target).map({ String(decoding: $0, as: UTF8.self) }) {
                found += scan(text, target)
            }
        }
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
    static func overlay(base: String, images: [String: String]) -> String {
        var lines = ["# Written by Bosun for this run: the plan's kustomization with the step's images.",
                     "apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", "resources:",
                     "  - " + quoted(base), "images:"]
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
