import ArgumentParser
import BuildInfo
import Deployment
import Execution
import Foundation
import GitKit

/// The `bosun` command line: subcommands only parse arguments and call the libraries.
package struct BosunCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "bosun",
        abstract: "Turn deployment runbooks into reviewable, executable plans.",
        discussion: """
            A plan (YAML) describes phased deployment steps per environment. Bosun compiles it into \
            a DAG of exact commands, shows it (plan, graph), and runs it (apply) with a concurrency \
            limit, retries, timeouts and a journal of every run.
            \(ExitStatus.helpLine)
            """,
        version: "bosun " + BuildInfo.description,
        subcommands: [
            InitCommand.self, ValidateCommand.self, PlanCommand.self, GraphCommand.self, ApplyCommand.self, RunsCommand.self, ShowCommand.self,
            PinCommand.self, PromoteCommand.self, HistoryCommand.self, RollbackCommand.self, LockCommand.self, ApproveCommand.self, RejectCommand.self, DiffCommand.self, DoctorCommand.self, SandboxCommand.self, ProvidersCommand.self,
        ])

    package init() {}
}

extension BosunCommand {
    /// Entry point for the executable. Going through a generic constrained to
    /// `AsyncParsableCommand` selects the async `main`, which the concrete type would not.
    package static func start() async {
        // A reader that went away (`bosun runs | head`) or a file-size limit must surface as a
        // failed write that Bosun handles, not as a signal that kills it mid-run and leaves its
        // children unsupervised. Children get every signal's default back (process_spawn.c).
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        // The parser's reflection over every command's options costs milliseconds; the version
        // alone (scripts, CI logs, `make install`) needs none of it.
        if arguments == ["--version"] {
            print(Self.configuration.version)
            return
        }
        if usesGit(arguments) { GitLibrarySetup.startInBackground() }
        await startAsync(Self.self)
    }

    /// Commands that read plans in git repositories (all but the sandbox's, `init`, `providers`
    /// and help): libgit2 is set up meanwhile, on the second core (``GitLibrarySetup``).
    private static func usesGit(_ arguments: [String]) -> Bool {
        guard let command = arguments.first, !command.hasPrefix("-") else { return false }
        return !["sandbox", "init", "providers", "help"].contains(command)
    }

    private static func startAsync<Command: AsyncParsableCommand>(_ command: Command.Type) async {
        do {
            var parsed = try await command.asyncParseAsRoot(nil)
            if var asynchronous = parsed as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try parsed.run()
            }
        } catch let error as DeploymentError {
            // The one place a deployment's error becomes words and an exit status.
            Console().report(error)
            Foundation.exit(error.exitStatus.rawValue)
        } catch let failure as CommandFailure {
            Console().error(failure.message)
            Foundation.exit(failure.status.rawValue)
        } catch {
            // ArgumentParser exits 64 (EX_USAGE) for usage errors; Bosun documents 2 for "invalid
            // plan or usage", and CI scripts test for it.
            guard command.exitCode(for: error) == .validationFailure else { command.exit(withError: error) }
            FileHandle.standardError.write(Data((command.fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitStatus.invalidInput.rawValue)
        }
    }
}
