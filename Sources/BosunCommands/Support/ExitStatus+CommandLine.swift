import ArgumentParser
import Execution

extension ExitStatus {
    /// The status as ArgumentParser ends a command with it.
    var exitCode: ExitCode { ExitCode(rawValue) }
}
