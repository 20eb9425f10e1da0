import BosunBasics
import Foundation

/// The provider profiles a plan can name: the built-in ones, plus the `*.yaml` profiles of a
/// `providers/` folder, which add new names or replace a built-in profile of the same name.
public struct ProviderCatalog: Sendable {
    /// Where a profile came from, for `bosun providers` and for messages.
    package enum Origin: Sendable, Equatable {
        case builtIn
        /// A file of the providers folder; `replacesBuiltIn` when a built-in has the same name.
        case file(String, replacesBuiltIn: Bool)
    }

    /// The providers folder that was read, if any.
    package var directory: String?
    package var profiles: [String: ProviderProfile]
    package var origins: [String: Origin]

    package init(directory: String?, profiles: [String: ProviderProfile], origins: [String: Origin]) {
        self.directory = directory
        self.profiles = profiles
        self.origins = origins
    }

    /// The built-in profiles alone.
    public static func builtIn() throws(DiagnosticError) -> ProviderCatalog {
        try load(directory: nil)
    }

    /// The built-in profiles, then every `*.yaml` profile in `directory` (when given) on top of
    /// them; all broken profiles are reported together.
    package static func load(directory: String?) throws(DiagnosticError) -> ProviderCatalog {
        var catalog = ProviderCatalog(directory: directory, profiles: [:], origins: [:])
        for profile in try BuiltInProfiles.load() {
            catalog.profiles[profile.name] = profile
            catalog.origins[profile.name] = .builtIn
        }
        guard let directory else { return catalog }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            throw DiagnosticError(.error("providers folder not found", at: .file(directory),
                                         hint: "pass --providers <dir> naming a folder of provider profiles (*.yaml)"))
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        var problems: [Diagnostic] = []
        var fromFolder: [String: String] = [:]
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                let profile = try ProviderProfileLoader.load(path: path)
                if let earlier = fromFolder[profile.name] {
                    problems.append(.error(
                        "provider '\(profile.name)' is declared twice in \(directory)", at: .file(path),
                        hint: "it is also declared in \(earlier); keep one of the two files"))
                    continue
                }
                fromFolder[profile.name] = path
                catalog.origins[profile.name] = .file(path, replacesBuiltIn: catalog.origins[profile.name] == .builtIn)
                catalog.profiles[profile.name] = profile
            } catch {
                problems += error.diagnostics
            }
        }
        if !problems.isEmpty { throw DiagnosticError(diagnostics: problems) }
        return catalog
    }

    /// The `providers/` folder for a plan: `explicit` if given, else the nearest `providers/`
    /// folder in the plan's folder or one of its parents (the way git finds `.git`), if any.
    package static func locate(forPlanAt planPath: String, explicit: String? = nil) -> String? {
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

    /// How messages name the profiles a plan could use.
    package var describedNames: String {
        profiles.keys.sorted().joined(separator: ", ") + (directory.map { " (built-in, and \($0))" } ?? " (built-in)")
    }
}
