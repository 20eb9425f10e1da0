import BosunBasics

/// One thing a step does, in order. The executor hands these to a `CommandRunner`;
/// nothing here is ever joined into a shell string.
public enum StepCommand: Sendable, Hashable, Codable {
    /// Run a program. `argv[0]` is looked up on PATH.
    case exec(ExecCommand)
    /// Poll an HTTP(S) URL until it answers with the expected status.
    case httpCheck(HTTPCheck)
    /// Stop until a person approves (or `--yes` was given).
    case approval(prompt: String)
    /// Take the environment's cluster lock (a Lease named `lease` in `bosun-system`) and hold it
    /// until the run ends. Only a deployment that holds the run's lifetime can run it
    /// (Deployment's lease-holding runner); other runners refuse it.
    case clusterLease(lease: String)

    /// The argv of a program invocation; nil for HTTP checks and approvals.
    package var argv: [String]? {
        if case .exec(let exec) = self { exec.argv } else { nil }
    }

    /// The command as a user would type it, for plans, logs and the journal.
    package var displayText: String {
        switch self {
        case .exec(let exec): exec.displayText
        case .httpCheck(let check): "GET \(check.url) (expect \(check.expectStatus), up to \(check.attempts) attempts)"
        case .approval(let prompt): "approve: \(prompt)"
        case .clusterLease(let lease): "take the cluster lock (Lease bosun-system/\(lease)) and hold it until the run ends"
        }
    }
}

/// A program invocation as an argv array, with what counts as success.
public struct ExecCommand: Sendable, Hashable, Codable {
    package var argv: [String]
    /// Write the program's standard output to this file instead of the log (e.g. `kubectl config view`).
    package var stdoutFile: String?
    /// When set, the trimmed standard output must equal this (health checks: `ACTIVE`, `ok`).
    package var expectOutput: String?
    /// Extra environment variables for this command only (the caller's environment is inherited).
    package var environment: [String: String]
    /// Text fed to standard input (e.g. a generated manifest for `kubectl apply -f -`); none when nil.
    package var stdin: String?
    /// Keep the trimmed standard output under this name: later commands of the same step (and its
    /// `onFailure` commands) use it as `{capture:NAME}` in their argv. A rollout records the
    /// deployment's revision this way so that a failed release is undone to exactly that revision.
    package var captureAs: String?
    /// Standard output is data Bosun reads (a deployment's state, its revisions), not a log: it
    /// is kept whole rather than printed, and read as ``OutputReading`` says.
    package var reads: OutputReading?
    /// How displays name the standard input instead of printing it (a rendered manifest).
    package var stdinLabel: String?

    package init(
        _ argv: [String], stdoutFile: String? = nil, expectOutput: String? = nil,
        environment: [String: String] = [:], stdin: String? = nil, captureAs: String? = nil,
        reads: OutputReading? = nil, stdinLabel: String? = nil
    ) {
        self.argv = argv
        self.stdoutFile = stdoutFile
        self.expectOutput = expectOutput
        self.environment = environment
        self.stdin = stdin
        self.captureAs = captureAs
        self.reads = reads
        self.stdinLabel = stdinLabel
    }

    /// The placeholder for a captured value, as written in argv words.
    package static func capturePlaceholder(_ name: String) -> String { "{capture:\(name)}" }

    /// The argv quoted for display only (POSIX-shell style, so it can be pasted into a terminal).
    package var displayText: String {
        var text = argv.map(ShellQuoting.quote).joined(separator: " ")
        if let stdinLabel { text += "   # stdin: \(stdinLabel)" } else if let stdin { text += " <<< " + ShellQuoting.quote(stdin) }
        if let stdoutFile { text += " > " + ShellQuoting.quote(stdoutFile) }
        if let expectOutput { text += "   # expect: \(expectOutput)" }
        if let captureAs { text += "   # saved as \(Self.capturePlaceholder(captureAs))" }
        return text
    }
}

/// An HTTP health check: GET `url` until it returns `expectStatus`, trying `attempts` times.
public struct HTTPCheck: Sendable, Hashable, Codable {
    package var url: String
    package var expectStatus: Int
    public var attempts: Int
    /// Seconds between attempts.
    public var interval: Double
    /// Seconds one request may take.
    package var requestTimeout: Double

    package init(url: String, expectStatus: Int = 200, attempts: Int = 1, interval: Double = 2, requestTimeout: Double = 10) {
        self.url = url
        self.expectStatus = expectStatus
        self.attempts = attempts
        self.interval = interval
        self.requestTimeout = requestTimeout
    }
}
