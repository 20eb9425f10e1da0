import BosunBasics
import PlanLoading
import PlanModel

/// The images a plan's steps deploy, for one check: a `rollout` of a deployment that an `apply`
/// or `kustomize` step of the same plan also deploys must roll it to the image the apply sets,
/// taken from the same variables. Otherwise a full apply first re-applies the manifest's image
/// (a downgrade of the live release) and the rollout records that downgrade as the release to
/// return to.
struct ReleaseImages {
    private struct Image {
        var step: String
        var deployment: String
        var container: String
        var image: String
        /// As written, before variables: what it is made of.
        var written: String
        var location: SourceLocation
    }

    private var applied: [Image] = []
    private var rollouts: [Image] = []

    /// `raw` is the same manifest before rendering; `overrides` a kustomize step's `images:`.
    mutating func applied(
        _ step: String, _ deployments: [ManifestDeployment], raw: [ManifestDeployment], namespace: String?,
        overrides: [Located<VariableDefinition>] = []
    ) {
        for (index, deployment) in deployments.enumerated() {
            let key = DeploymentRef(name: deployment.name, namespace: deployment.namespace ?? namespace).key
            for (container, image) in deployment.images {
                let before = index < raw.count ? raw[index].images[container] ?? image : image
                let override = overrides.first { $0.value.name == KustomizeImage.name(of: before) }
                applied.append(Image(
                    step: step, deployment: key, container: container, image: image, written: override?.value.value ?? before,
                    location: override?.location ?? deployment.imageLocations[container] ?? deployment.location))
            }
        }
    }

    mutating func rolledOut(_ step: String, _ deployment: DeploymentRef, container: String, image: String, raw: String, at location: SourceLocation) {
        rollouts.append(Image(step: step, deployment: deployment.key, container: container, image: image, written: raw, location: location))
    }

    func check(into diagnostics: inout DiagnosticBag) {
        for rollout in rollouts {
            for apply in applied where apply.deployment == rollout.deployment && apply.container == rollout.container {
                let sameValue = apply.image == rollout.image
                let sameSource = Self.variables(in: apply.written) == Self.variables(in: rollout.written)
                guard !sameValue || !sameSource else { continue }
                let why = sameValue
                    ? "step '\(apply.step)' applies it as '\(apply.written)': the same image today, but not from the same variables"
                    : "step '\(apply.step)' applies \(apply.image) first, which the rollout would then record as the release to return to"
                diagnostics.append(Diagnostic(
                    .error, at: rollout.location,
                    "rollout '\(rollout.step)' rolls container \(rollout.container) of deployment \(rollout.deployment) to '\(rollout.written)', "
                        + "but \(why)",
                    hint: "take both from one variable: write the manifest's image as '\(rollout.written)' with `render: true` on the "
                        + "apply step (or give it in `images:` on a kustomize step)",
                    notes: [Diagnostic(.note, at: apply.location, "the image step '\(apply.step)' applies")]))
            }
        }
    }

    /// The `${name}` references in a value as written (`$${` is a literal, not a reference).
    static func variables(in text: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            if open.lowerBound > rest.startIndex, rest[rest.index(before: open.lowerBound)] == "$" {
                rest = rest[open.upperBound...]
                continue
            }
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
            names.insert(String(rest[open.upperBound..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
