import Execution
import Revisions

/// A run named on the command line: its id, or `last`.
package struct RunReference: Sendable {
    package static let newest = "last"
    package let text: String

    package init(_ text: String) { self.text = text }

    /// The run id `text` names: `last` is the newest run (of `planName` on `environment` when
    /// given, so that `apply --resume last` never picks another plan's run).
    package func resolve(in store: RunStore, planName: String? = nil, environment: String? = nil) throws(RunLookupError) -> String {
        guard text == Self.newest else { return text }
        let runs = if let planName, let environment {
            RunHistory.runs(of: planName, environment: environment, in: store)
        } else {
            store.list()
        }
        guard let newest = runs.first else {
            let scope = planName.map { " of \($0)" + (environment.map { " on \($0)" } ?? "") } ?? ""
            throw RunLookupError(description: "no runs\(scope) in \(store.runsDirectory), so `last` names none")
        }
        return newest.id
    }
}

/// `last` when there is no run.
package struct RunLookupError: Error, Sendable, CustomStringConvertible {
    package let description: String
}
