import BosunBasics
import Deployment
import Execution
import Rendering

extension Console {
    /// Prints why a deployment call stopped; the caller exits with ``DeploymentError/exitStatus``.
    func report(_ error: DeploymentError) {
        switch error {
        case .invalidPlan(let diagnostics, let planFile, let revision):
            self.diagnostics(diagnostics)
            let count = diagnostics.filter { $0.severity == .error }.count
            self.error("\(count) error\(count == 1 ? "" : "s") in \(planFile)" + (revision.map { " as of revision \($0)" } ?? ""))
        case .refused(let message), .resumeRefused(let message):
            self.error(message)
        case .toolsMissing(let report):
            self.error(PreflightRenderer.failures(report))
            progress("nothing was run: install the missing tools (`bosun doctor` checks them and the cluster)")
        case .interrupted:
            progress(errorStyle.warning("interrupted") + " before the first step: nothing was run")
        }
    }
}
