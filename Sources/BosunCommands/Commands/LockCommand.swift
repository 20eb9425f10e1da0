import ArgumentParser
import BosunBasics
import Deployment
import Execution
import Foundation
import Rendering

/// `bosun lock`: an environment's cluster lock, seen and cleared from any machine.
struct LockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock",
        abstract: "See or release an environment's cluster lock (a Lease in bosun-system).",
        discussion: """
            Connects to the environment's cluster as its runs do. A run holds the lock from its \
            cluster-lock step to its end and renews it every third of its lease (lock_lease, \
            default 60s); a run killed with kill -9 stops renewing, and once the lease has expired \
            the next run takes the lock over and records the killed run as interrupted.
            """,
        subcommands: [LockStatusCommand.self, LockReleaseCommand.self])
}

struct LockStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Who holds the environment's cluster lock: run, machine, since, expiry.")

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() async throws {
        let console = Console()
        let source = PlanSource(reader: planOptions.reader, environment: environment.environment)
        let report = try await RunCommandLine.interruptible { control in try await Deployment.lockStatus(source, control: control) }
        console.output(json ? LockText.json(report) + "\n" : LockText.text(report, style: console.style))
    }
}

struct LockReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Release the environment's cluster lock (an expired one; one still renewed only with --force).",
        discussion: "The record of the run that held it says who released it and when, and that the run was interrupted.")

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @Flag(help: "Release it even while its holder still renews it (that run may still be changing the environment).")
    var force = false

    func run() async throws {
        let console = Console()
        let source = PlanSource(reader: planOptions.reader, environment: environment.environment)
        let force = force
        let release = try await RunCommandLine.interruptible { control in
            try await Deployment.releaseLock(source, force: force, control: control)
        }
        guard release.released, let status = release.report.status else {
            console.line("the cluster lock of \(release.report.environment) (\(release.report.lease)) is not held: nothing to release")
            return
        }
        console.line("released the cluster lock of \(release.report.environment) (\(release.report.lease)), held by \(status.holder)")
        if let recordedIn = release.recordedIn { console.line("recorded in \(recordedIn)") }
    }
}

/// How `bosun lock status` shows a lock.
enum LockText {
    static func text(_ report: LockReport, style: TerminalStyle) -> String {
        guard let status = report.status else {
            return "cluster lock of \(report.planName) on \(report.environment) (\(report.lease)): not held\n"
        }
        var lines = ["cluster lock of \(report.planName) on \(report.environment) (\(report.lease)): "
            + (status.expired ? style.warning("expired") + " (the next run takes it over)" : style.bold("held"))]
        lines.append("  holder:   \(status.holder)")
        if let runID = status.runID { lines.append("  run:      \(runID)") }
        if let actor = status.actor { lines.append("  machine:  \(actor.host) (user \(actor.user)\(actor.pid.map { ", pid \($0)" } ?? ""))") }
        if let since = status.acquiredAt { lines.append("  since:    \(ISODate.text(since))") }
        if let renewed = status.renewedAt { lines.append("  renewed:  \(ISODate.text(renewed))") }
        if let expires = status.expiresAt {
            let left = expires.timeIntervalSinceNow
            lines.append("  expires:  \(ISODate.text(expires))"
                + (left > 0 ? " (in \(StepDuration.text(left)) unless renewed; lease \(status.durationSeconds)s)" : " (expired)"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ report: LockReport) -> String {
        var json = JSONWriter(pretty: true)
        json.object { json in
            json.field("environment", report.environment)
            json.field("held", report.status.map { !$0.expired } ?? false)
            if let status = report.status {
                json.field("holder") { json in
                    json.object { json in
                        json.field("acquiredAt", status.acquiredAt.map(ISODate.text))
                        json.field("expired", status.expired)
                        json.field("expiresAt", status.expiresAt.map(ISODate.text))
                        json.field("host", status.actor?.host)
                        json.field("identity", status.holder)
                        json.field("leaseSeconds", status.durationSeconds)
                        json.field("pid", status.actor?.pid.map(Int.init))
                        json.field("renewedAt", status.renewedAt.map(ISODate.text))
                        json.field("run", status.runID)
                        json.field("user", status.actor?.user)
                    }
                }
            }
            json.field("lease", report.lease)
            json.field("plan", report.planName)
        }
        return json.text
    }
}
