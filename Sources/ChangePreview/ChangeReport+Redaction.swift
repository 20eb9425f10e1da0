import BosunBasics

/// Secret variables' values never leave the preview: every text that came from the system
/// (diffs, images, labels, errors, a preview command's output) is masked as the run's logs are.
/// (kubectl diff already masks a Secret's data itself.)
extension ChangeReport {
    package func redacted(_ redactor: Redactor) -> ChangeReport {
        var copy = self
        copy.problems = problems.map { redactor.redact($0) }
        copy.steps = steps.map { $0.redacted(redactor) }
        return copy
    }
}

extension StepPreview {
    func redacted(_ redactor: Redactor) -> StepPreview {
        var copy = self
        copy.summary = redactor.redact(summary)
        copy.outcome = outcome.redacted(redactor)
        return copy
    }
}

extension StepOutcome {
    func redacted(_ redactor: Redactor) -> StepOutcome {
        let mask: @Sendable (String) -> String = { redactor.redact($0) }
        switch self {
        case .terraform(let changes):
            return .terraform(changes.map { ResourceChange(address: mask($0.address), action: $0.action, inTarget: $0.inTarget) })
        case .kubernetes(let objects):
            return .kubernetes(objects.map { object in
                var object = object
                object.name = mask(object.name)
                object.diff = object.diff.map(mask)
                object.images = object.images.map { ImageChange(container: $0.container, from: $0.from.map(mask), to: mask($0.to)) }
                return object
            })
        case .release(var release):
            release.currentImage = release.currentImage.map(mask)
            release.newImage = mask(release.newImage)
            return .release(release)
        case .namespace(var namespace):
            namespace.added = namespace.added.mapValues(mask)
            namespace.changed = namespace.changed.mapValues { .init(from: mask($0.from), to: mask($0.to)) }
            namespace.removed = namespace.removed.mapValues(mask)
            return .namespace(namespace)
        case .runs(let note, let preview):
            return .runs(note: note, preview: preview.map {
                CommandPreview(command: mask($0.command), exitStatus: $0.exitStatus, output: mask($0.output))
            })
        case .knownAfter(let after, let reason): return .knownAfter(after: after, reason: mask(reason))
        case .failed(let message): return .failed(mask(message))
        }
    }
}
