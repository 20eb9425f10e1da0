import Foundation
import Yams

/// The objects of one `kubectl diff`, read from GNU diff's output with the whole object as context
/// (``ProbePlan/diffEnvironment``): each changed or created object's live and applied text, and
/// a line for each object that would not change.
enum KubectlDiffReading {
    static func objects(in output: String) -> [ObjectChange] {
        var objects: [ObjectChange] = []
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.hasPrefix("Files "), line.hasSuffix(" are identical"), let name = identicalFile(line) {
                objects.append(unchanged(fileName: name))
            } else if line.hasPrefix("@@ "), let hunk = Hunk(header: line) {
                var marked: [CompactDiff.Line] = []
                var (oldLeft, newLeft) = (hunk.oldCount, hunk.newCount)
                while (oldLeft > 0 || newLeft > 0) && index < lines.count {
                    let body = lines[index]
                    index += 1
                    // An empty line is an empty context line whose space an editor or mail trimmed.
                    let marker = body.first ?? " "
                    switch marker {
                    case " ": oldLeft -= 1; newLeft -= 1
                    case "-": oldLeft -= 1
                    case "+": newLeft -= 1
                    default: continue  // "\ No newline at end of file"
                    }
                    marked.append(CompactDiff.Line(marker: marker, text: String(body.dropFirst())))
                }
                if let object = changed(marked, created: hunk.oldCount == 0) { objects.append(object) }
            }
        }
        return objects
    }

    /// The second path of "Files A and B are identical": kubectl names each file
    /// `[group.]version.Kind.namespace.name`.
    private static func identicalFile(_ line: String) -> String? {
        guard let and = line.range(of: " and ", options: .backwards) else { return nil }
        let second = line[and.upperBound...].dropLast(" are identical".count)
        return second.split(separator: "/").last.map(String.init)
    }

    private static func unchanged(fileName: String) -> ObjectChange {
        let parts = fileName.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        // Groups and versions are lower case; the kind is the first part that starts upper case.
        guard let kindIndex = parts.firstIndex(where: { $0.first?.isUppercase == true }), kindIndex + 2 < parts.count else {
            return ObjectChange(kind: "", namespace: nil, name: fileName, action: .unchanged, diff: nil)
        }
        let namespace = parts[kindIndex + 1]
        return ObjectChange(kind: parts[kindIndex], namespace: namespace.isEmpty ? nil : namespace,
                            name: parts[(kindIndex + 2)...].joined(separator: "."), action: .unchanged, diff: nil)
    }

    private static func changed(_ written: [CompactDiff.Line], created: Bool) -> ObjectChange? {
        let after = ObjectText(written.filter { $0.marker != "-" }.map(\.text).joined(separator: "\n"))
        let before = created ? nil : ObjectText(written.filter { $0.marker != "+" }.map(\.text).joined(separator: "\n"))
        guard let identity = after.identity ?? before?.identity else { return nil }
        let lines = identity.kind == "Secret" ? maskingAppliedSecret(written) : written
        var images: [ImageChange] = []
        let old = before?.images ?? [:]
        for (container, image) in after.images.sorted(by: { $0.key < $1.key }) where old[container] != image {
            images.append(ImageChange(container: container, from: old[container], to: image))
        }
        return ObjectChange(kind: identity.kind, namespace: identity.namespace, name: identity.name,
                            action: created ? .create : .change, diff: CompactDiff.make(lines), images: images)
    }

    static let lastApplied = "kubectl.kubernetes.io/last-applied-configuration:"

    /// kubectl masks a Secret's `data`, not the copy of the manifest that client-side apply keeps
    /// in an annotation (with `stringData` in clear): its lines are masked here.
    static func maskingAppliedSecret(_ lines: [CompactDiff.Line]) -> [CompactDiff.Line] {
        var masked = lines
        var annotationIndent: Int?
        for index in masked.indices {
            let text = masked[index].text
            let indent = text.prefix { $0 == " " }.count
            if let outer = annotationIndent {
                if indent > outer && !text.trimmingCharacters(in: .whitespaces).isEmpty {
                    masked[index].text = String(repeating: " ", count: indent) + "'***'"
                    continue
                }
                annotationIndent = nil
            }
            let trimmed = text.drop { $0 == " " }
            if trimmed.hasPrefix(lastApplied) {
                let value = trimmed.dropFirst(lastApplied.count).trimmingCharacters(in: .whitespaces)
                if value == "|" || value == "|-" || value == ">" || value.isEmpty {
                    annotationIndent = indent
                } else {
                    masked[index].text = String(repeating: " ", count: indent) + lastApplied + " '***'"
                }
            }
        }
        return masked
    }

    /// `@@ -a,b +c,d @@` (a count of 1 may be left out).
    private struct Hunk {
        var oldCount: Int
        var newCount: Int

        init?(header: String) {
            let fields = header.split(separator: " ")
            guard fields.count >= 3, fields[1].hasPrefix("-"), fields[2].hasPrefix("+") else { return nil }
            func count(_ range: Substring) -> Int? {
                let parts = range.dropFirst().split(separator: ",", omittingEmptySubsequences: false)
                return parts.count == 2 ? Int(parts[1]) : 1
            }
            guard let old = count(fields[1]), let new = count(fields[2]) else { return nil }
            (oldCount, newCount) = (old, new)
        }
    }
}

/// An object as kubectl diff writes it (YAML): who it is, and its containers' images.
struct ObjectText {
    var identity: (kind: String, namespace: String?, name: String)?
    /// Container name → image, of a workload's pod template (regular and init containers).
    var images: [String: String] = [:]

    init(_ yaml: String) {
        guard let object = (try? Yams.load(yaml: yaml)) as? [String: Any] else { return }
        let metadata = object["metadata"] as? [String: Any]
        if let kind = object["kind"] as? String, let name = metadata?["name"] as? String {
            identity = (kind, metadata?["namespace"] as? String, name)
        }
        let pod = ((object["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any]
        for key in ["initContainers", "containers"] {
            for container in pod?[key] as? [[String: Any]] ?? [] {
                if let name = container["name"] as? String, let image = container["image"] as? String { images[name] = image }
            }
        }
    }
}
