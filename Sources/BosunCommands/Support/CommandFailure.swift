import Execution

/// A command that cannot do what it was asked, for a reason the user must read: printed as an
/// error by ``BosunCommand``, which exits with `status`. (Deployment calls throw
/// ``Deployment/DeploymentError`` instead; both are rendered in the one place.)
struct CommandFailure: Error {
    let message: String
    var status: ExitStatus = .failure

    init(_ message: String, status: ExitStatus = .failure) {
        self.message = message
        self.status = status
    }
}
