/// The numeric part of Kubernetes' validation for the kinds whose numbers the sandbox computes
/// with (replicas, completions, strategy budgets, deadlines, ports), run on every create and
/// update (PUT, each kind of patch) before anything is stored. A refused number would otherwise
/// reach the controllers' arithmetic.
enum NumericValidation {
    static func check(_ object: JSON, as type: ResourceType) throws(APIError) {
        let errors = errors(object, as: type)
        guard !errors.isEmpty else { return }
        throw .invalid(kind: type.kind, group: type.group, object.name, errors)
    }

    static func errors(_ object: JSON, as type: ResourceType) -> [FieldError] {
        var checks = Checks(object)
        let spec = FieldPath("spec")
        switch type {
        case .deployments:
            checks.counts(spec, ["replicas", "minReadySeconds", "revisionHistoryLimit", "progressDeadlineSeconds"])
            checks.progressDeadlineAfterMinReady(spec)
            let rollingUpdate = spec.child("strategy").child("rollingUpdate")
            checks.percentOrCount(rollingUpdate.child("maxSurge"), atMost100Percent: false)
            checks.percentOrCount(rollingUpdate.child("maxUnavailable"), atMost100Percent: true)
            checks.podSpec(spec.child("template").child("spec"))
        case .replicaSets:
            checks.counts(spec, ["replicas", "minReadySeconds"])
            checks.podSpec(spec.child("template").child("spec"))
        case .statefulSets:
            checks.counts(spec, ["replicas", "minReadySeconds", "revisionHistoryLimit"])
            let rollingUpdate = spec.child("updateStrategy").child("rollingUpdate")
            checks.counts(rollingUpdate, ["partition"])
            checks.percentOrCount(rollingUpdate.child("maxUnavailable"), atMost100Percent: true)
            checks.podSpec(spec.child("template").child("spec"))
        case .jobs:
            checks.counts(spec, ["parallelism", "completions", "backoffLimit", "ttlSecondsAfterFinished",
                                 "backoffLimitPerIndex", "maxFailedIndexes"])
            checks.integer(spec.child("activeDeadlineSeconds"), in: 0...Int.max)
            checks.podSpec(spec.child("template").child("spec"))
        case .pods:
            checks.podSpec(spec)
        case .services:
            for index in checks.indices(spec.child("ports")) {
                let port = spec.child("ports").index(index)
                checks.integer(port.child("port"), in: NumberRules.port)
                checks.integer(port.child("nodePort"), in: 0...65_535)
                // targetPort may also name a container port.
                if checks.value(port.child("targetPort"))?.stringValue == nil {
                    checks.integer(port.child("targetPort"), in: NumberRules.port)
                }
            }
        default:
            break
        }
        return checks.errors
    }

    /// `spec.replicas` of a `/scale` request body (autoscaling/v1 Scale).
    static func checkScale(_ scale: JSON, name: String) throws(APIError) {
        var checks = Checks(scale)
        checks.counts(FieldPath("spec"), ["replicas"])
        if checks.value(FieldPath("spec.replicas")) == nil || checks.value(FieldPath("spec.replicas")) == .null {
            checks.errors.append(FieldError(field: "spec.replicas", value: .null, detail: "must be greater than or equal to 0"))
        }
        guard !checks.errors.isEmpty else { return }
        throw .invalid(kind: "Scale", group: "autoscaling", name, checks.errors)
    }
}

/// The errors found so far in one object, with the lookups the rules need.
private struct Checks {
    let object: JSON
    var errors: [FieldError] = []

    init(_ object: JSON) { self.object = object }

    /// The value at a dotted path with `[n]` indexes, as FieldPath spells it.
    func value(_ path: FieldPath) -> JSON? {
        var current: JSON? = object
        for part in path.text.split(separator: ".") {
            let name = part.prefix { $0 != "[" }
            current = current?[String(name)]
            for index in part.dropFirst(name.count).split(separator: "[").compactMap({ Int($0.dropLast()) }) {
                guard let items = current?.arrayValue, items.indices.contains(index) else { return nil }
                current = items[index]
            }
        }
        return current
    }

    func indices(_ path: FieldPath) -> Range<Int> { value(path)?.arrayValue?.indices ?? 0..<0 }

    mutating func integer(_ path: FieldPath, in bounds: ClosedRange<Int>) {
        let found = value(path)
        if let detail = NumberRules.integer(found, in: bounds) {
            errors.append(FieldError(field: path.text, value: found ?? .null, detail: detail))
        }
    }

    mutating func counts(_ parent: FieldPath, _ names: [String]) {
        for name in names { integer(parent.child(name), in: NumberRules.count) }
    }

    mutating func percentOrCount(_ path: FieldPath, atMost100Percent: Bool) {
        let found = value(path)
        if let detail = NumberRules.integerOrPercent(found, atMost100Percent: atMost100Percent) {
            errors.append(FieldError(field: path.text, value: found ?? .null, detail: detail))
        }
    }

    /// As Kubernetes checks a Deployment: a deadline no longer than minReadySeconds could never be met.
    mutating func progressDeadlineAfterMinReady(_ spec: FieldPath) {
        let deadlinePath = spec.child("progressDeadlineSeconds")
        guard let deadline = value(deadlinePath)?.intValue, NumberRules.count.contains(deadline) else { return }
        let minReady = value(spec.child("minReadySeconds"))?.intValue ?? 0
        if deadline <= minReady {
            errors.append(FieldError(field: deadlinePath.text, value: .int(deadline), detail: "must be greater than minReadySeconds"))
        }
    }

    mutating func podSpec(_ spec: FieldPath) {
        integer(spec.child("terminationGracePeriodSeconds"), in: NumberRules.int64)
        integer(spec.child("activeDeadlineSeconds"), in: 1...Int(Int32.max))
        for list in ["initContainers", "containers"] {
            for container in indices(spec.child(list)) {
                let ports = spec.child(list).index(container).child("ports")
                for port in indices(ports) {
                    integer(ports.index(port).child("containerPort"), in: NumberRules.port)
                }
            }
        }
    }
}
