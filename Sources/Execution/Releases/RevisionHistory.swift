import Foundation
import PlanModel

/// The revisions of one deployment, read from its ReplicaSets, and the choice of the one a
/// service rollback returns to.
struct RevisionHistory {
    struct Revision {
        var number: Int
        var images: [String: String]
    }

    /// Oldest first.
    var revisions: [Revision]

    /// Reads `kubectl get replicasets -o json`: the ones a controller named `deployment` owns.
    static func parse(_ output: String, deployment: String) throws(ReadingError) -> RevisionHistory {
        guard let object = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] else {
            throw ReadingError("kubectl did not print the ReplicaSets as JSON")
        }
        var revisions: [Revision] = []
        for item in object["items"] as? [[String: Any]] ?? [] {
            let metadata = item["metadata"] as? [String: Any] ?? [:]
            let owners = metadata["ownerReferences"] as? [[String: Any]] ?? []
            guard owners.contains(where: { $0["kind"] as? String == "Deployment" && $0["name"] as? String == deployment }),
                  let number = ((metadata["annotations"] as? [String: String])?["deployment.kubernetes.io/revision"]).flatMap(Int.init)
            else { continue }
            revisions.append(Revision(number: number, images: images(ofTemplateIn: item["spec"] as? [String: Any] ?? [:])))
        }
        return RevisionHistory(revisions: revisions.sorted { $0.number < $1.number })
    }

    /// Container name → image of the pod template in a Deployment's or ReplicaSet's spec.
    static func images(ofTemplateIn spec: [String: Any]) -> [String: String] {
        let template = (spec["template"] as? [String: Any])?["spec"] as? [String: Any] ?? [:]
        var images: [String: String] = [:]
        for container in template["containers"] as? [[String: Any]] ?? [] {
            if let name = container["name"] as? String, let image = container["image"] as? String { images[name] = image }
        }
        return images
    }

    /// The revision to return to: `choice.toRevision` when it is in the history; else the newest
    /// one before the live (highest) revision, with other images, that Bosun last saw healthy.
    func target(for choice: RevisionChoice) -> Result<Int, ReadingError> {
        let numbers = revisions.map(\.number)
        guard let live = numbers.last else { return .failure(ReadingError("\(choice.deployment) has no revisions")) }
        if let wanted = choice.toRevision {
            guard numbers.contains(wanted) else {
                return .failure(ReadingError("revision \(wanted) is not in the history of \(choice.deployment) (revisions: "
                    + numbers.map(String.init).joined(separator: ", ") + ")"))
            }
            return .success(wanted)
        }
        // An earlier revision with the live images is the live release again, not a way back.
        let liveImages = ImageSet(revisions.last!.images).fingerprint
        let earlier = revisions.filter { $0.number < live && ImageSet($0.images).fingerprint != liveImages }.reversed()
        if let healthy = earlier.first(where: { choice.verdicts[ImageSet($0.images).fingerprint] == true }) {
            return .success(healthy.number)
        }
        return .failure(ReadingError(
            "no revision of \(choice.deployment) before the live one (\(live)) was seen healthy by Bosun; "
                + "pass --to-revision N to choose one yourself"))
    }

    /// The history as a table for the step's log: each revision's images and what Bosun saw of it.
    func table(verdicts: [String: Bool], chosen: Int?) -> [String] {
        let rows = revisions.map { revision -> [String] in
            let verdict = verdicts[ImageSet(revision.images).fingerprint].map { $0 ? "healthy" : "FAILED" } ?? "-"
            var marks: [String] = []
            if revision.number == revisions.last?.number { marks.append("live") }
            if revision.number == chosen { marks.append("← rolling back to this") }
            return ["\(revision.number)", ImageSet(revision.images).fingerprint, verdict + (marks.isEmpty ? "" : "  " + marks.joined(separator: ", "))]
        }
        let header = ["REVISION", "IMAGES", "BOSUN SAW"]
        var widths = header.map(\.count)
        for row in rows { for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) } }
        return ([header] + rows).map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}
