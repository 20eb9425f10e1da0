import BosunBasics
import Foundation

/// The provider profiles of a `providers/` folder, by name.
public struct ProviderCatalog: Sendable {
    public var directory: String
    public var profiles: [String: ProviderProfile]

    public init(directory: String, profiles: [String: ProviderProfile]) {
        self.directory = directory
        self.profiles = profiles
    }

    /// Loads every `*.yaml` profile in `directory`; all broken profiles are reported together.
    public static func load(directory: String) throws(DiagnosticError) -> ProviderCatalog {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        var profiles: [String: ProviderProfile] = [:]
        var problems: [Diagnostic] = []
        for name in names {
            do {
                let profile = try ProviderProfileLoader.load(path: (directory as NSString).appendingPathComponent(name))
                profiles[profile.name] = profile
            } catch {
                problems += error.diagnostics
            }
        }
        if !problems.isEmpty { throw DiagnosticError(diagnostics: problems) }
        return ProviderCatalog(directory: directory, profiles: profiles)
    }

    /// The `providers/` folder for a plan: `explicit` if given, else the nearest `providers/`
    /// folder in the plan's folder or one of its parents (the way git finds `.git`).
    public static func locate(forPlanAt planPath: String, explicit: String? = nil) -> String? {
        if let explicit { return explicit }
        var folder = URL(fileURLWithPath: planPath).standardizedFileURL.deletingLastPathComponent()
        while true {
            let candidate = folder.appendingPathComponent("providers").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }
}
