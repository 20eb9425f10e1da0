import Foundation
import PlanLoading
import PlanModel

/// Readable default ids for steps without an `id:` (`foundation/module.vpc`, `apps/apply-postgres-cluster`).
enum StepNaming {
    static func defaultID(for step: StepSpec, phase: String) -> String {
        "\(phase)/\(slug(for: step.action))"
    }

    private static func slug(for action: StepAction) -> String {
        switch action {
        case .terraform(let target): target.value
        case .connect: "connect"
        case .namespace(let spec): "namespace-\(spec.name.value)"
        case .apply(let spec): "apply-\(stem(spec.path.value))"
        case .kustomize(let spec): "kustomize-\(stem(spec.dir.value))"
        case .rollout(let spec): "rollout-\(spec.deployment.value)"
        case .check(let spec): "check-\(hostLabel(spec.http.value))"
        case .run(let argv): "run-\(stem(argv[0].value))"
        case .approve: "approve"
        }
    }

    /// The first label of a URL's host, read from the written text (variables not yet resolved):
    /// `https://user-service.${domain}/health` -> `user-service`.
    private static func hostLabel(_ url: String) -> String {
        let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? Substring(url)
        let label = afterScheme.prefix { $0 != "." && $0 != "/" && $0 != ":" && $0 != "$" }
        return label.isEmpty ? "http" : String(label)
    }

    /// The last path component without its extension (`k8s/database/postgres.yaml` -> `postgres`).
    private static func stem(_ path: String) -> String {
        let last = (path as NSString).lastPathComponent
        let stem = (last as NSString).deletingPathExtension
        return stem.isEmpty ? last : stem
    }

    /// Makes `id` unique among `taken` by appending `-2`, `-3`, …
    static func unique(_ id: String, taken: Set<String>) -> String {
        guard taken.contains(id) else { return id }
        var counter = 2
        while taken.contains("\(id)-\(counter)") { counter += 1 }
        return "\(id)-\(counter)"
    }

    /// A step's own name for its files (terraform plan files, kustomize overlays): one per step.
    static func fileName(for id: String) -> String {
        StepFileName.of(id)
    }
}
