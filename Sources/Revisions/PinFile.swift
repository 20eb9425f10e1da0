import BosunBasics
import Foundation
import Yams

/// The revision an environment is pinned to, as `bosun pin` recorded it.
package struct Pin: Sendable, Hashable, Codable {
    /// Full commit id.
    package var commit: String
    /// What was asked for when pinning (`v1.2.0`, `main`, a short sha).
    package var revision: String
    /// `Name <email>` from git config, when set.
    package var pinnedBy: String?
    package var pinnedAt: Date
    /// Where the pin came from when it was promoted (`staging`).
    var promotedFrom: String?

    package init(commit: String, revision: String, pinnedBy: String?, pinnedAt: Date, promotedFrom: String? = nil) {
        self.commit = commit
        self.revision = revision
        self.pinnedBy = pinnedBy
        self.pinnedAt = pinnedAt
        self.promotedFrom = promotedFrom
    }

    private enum CodingKeys: String, CodingKey {
        case commit, revision
        case pinnedBy = "pinned_by"
        case pinnedAt = "pinned_at"
        case promotedFrom = "promoted_from"
    }
}

/// `<plan>.pins.yaml` beside the plan file: one entry per environment, readable and reviewable
/// (it is meant to be committed, so that what runs in prod is decided in a pull request).
package struct PinFile: Sendable {
    package let path: String
    package private(set) var pins: [String: Pin]

    /// The pins file of the plan at `planPath`: `plans/ecotrack/ecotrack.yaml` → `plans/ecotrack/ecotrack.pins.yaml`.
    package static func path(forPlan planPath: String) -> String {
        let url = URL(fileURLWithPath: planPath)
        return url.deletingPathExtension().path + ".pins.yaml"
    }

    /// Reads the pins of the plan at `planPath`; no file means no pins.
    package static func load(forPlan planPath: String) throws(DiagnosticError) -> PinFile {
        let path = path(forPlan: planPath)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return PinFile(path: path, pins: [:]) }
        do {
            let document = try YAMLDecoder().decode(PinDocument.self, from: text)
            return PinFile(path: path, pins: document.environments)
        } catch {
            throw DiagnosticError(.error(
                "cannot read pins: \(error)", at: .file(path),
                hint: "the file is written by `bosun pin`; fix or delete the broken entry"))
        }
    }

    package func pin(for environment: String) -> Pin? { pins[environment] }

    package mutating func set(_ pin: Pin, for environment: String) { pins[environment] = pin }

    /// Writes the file in one step (sorted environments, so diffs stay small).
    package func save(planName: String) throws {
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        let body = try encoder.encode(PinDocument(plan: planName, environments: pins))
        let header = "# Revisions the environments of plan '\(planName)' run from. Written by `bosun pin` and\n"
            + "# `bosun promote`; `bosun apply` uses an environment's pin unless given --rev.\n"
        try (header + body).write(toFile: path, atomically: true, encoding: .utf8)
    }
}

private struct PinDocument: Codable {
    var plan: String
    var environments: [String: Pin]
}
