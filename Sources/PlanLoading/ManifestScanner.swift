import BosunBasics
import Yams

/// A Deployment found in a Kubernetes manifest, with where its images are written.
package struct ManifestDeployment: Sendable, Equatable {
    package var name: String
    /// `metadata.namespace`; nil when the manifest leaves it to kubectl.
    package var namespace: String?
    /// Container name → image, as written.
    package var images: [String: String]
    package var imageLocations: [String: SourceLocation]
    package var location: SourceLocation
}

/// Reads the Deployments of a manifest file (one or more YAML or JSON documents), so that the
/// compiler knows which releases a step changes. A document that is not valid YAML is an error at
/// its position; documents of other kinds are passed over.
package enum ManifestScanner {
    package static func deployments(in text: String, file: String) throws(DiagnosticError) -> [ManifestDeployment] {
        try AliasBudget.check(text, file: file)
        let documents: [Node]
        do {
            documents = try Array(Yams.compose_all(yaml: text, .basic))
        } catch let error as YamlError {
            throw DiagnosticError(YAMLDocument.diagnostic(for: error, file: file))
        } catch {
            throw DiagnosticError(.error("cannot parse manifest: \(error)", at: .file(file)))
        }
        return documents.flatMap { deployments(in: $0, file: file) }
    }

    private static func deployments(in node: Node, file: String) -> [ManifestDeployment] {
        guard case .mapping(let object) = node else { return [] }
        if object["kind"]?.string == "List", case .sequence(let items)? = object["items"] {
            return items.flatMap { deployments(in: $0, file: file) }
        }
        guard object["kind"]?.string == "Deployment", let metadata = object["metadata"]?.mapping,
              let name = metadata["name"]?.string else { return [] }
        var found = ManifestDeployment(
            name: name, namespace: metadata["namespace"]?.string, images: [:], imageLocations: [:],
            location: location(of: node, file: file))
        let containers = object["spec"]?.mapping?["template"]?.mapping?["spec"]?.mapping?["containers"]
        if case .sequence(let list)? = containers {
            for container in list {
                guard let fields = container.mapping, let containerName = fields["name"]?.string,
                      let imageNode = fields["image"], let image = imageNode.string else { continue }
                found.images[containerName] = image
                found.imageLocations[containerName] = location(of: imageNode, file: file)
            }
        }
        return [found]
    }

    private static func location(of node: Node, file: String) -> SourceLocation {
        guard let mark = node.mark else { return .file(file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }
}
