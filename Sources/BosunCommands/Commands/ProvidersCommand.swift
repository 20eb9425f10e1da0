import ArgumentParser
import BosunBasics
import Execution
import Foundation
import Providers

/// `bosun providers`: the provider profiles a plan can name, and where each comes from.
struct ProvidersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers",
        abstract: "List the provider profiles a plan can use (built-in, or from a providers/ folder).",
        discussion: """
            The eks, aks and kubectl profiles are built in. A providers/ folder in the plan's folder \
            or above it (or --providers DIR) adds its *.yaml profiles; one with a built-in's name \
            replaces it. Without a plan, the folder is looked for from the current folder.
            """,
        subcommands: [ProvidersListCommand.self, ProvidersShowCommand.self],
        defaultSubcommand: ProvidersListCommand.self)
}

/// Which profiles: the plan (or the current folder) and `--providers`.
struct ProviderLookupOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The plan whose profiles to list (default: look from the current folder).", valueName: "plan"),
            completion: .file(extensions: ["yaml", "yml"]))
    var plan: String?

    @Option(help: ArgumentHelp("Folder of provider profiles (default: the nearest providers/ above the plan).", valueName: "dir"))
    var providers: String?

    func catalog(console: Console) throws -> ProviderCatalog {
        let start = plan ?? FileManager.default.currentDirectoryPath + "/."
        do {
            return try ProviderCatalog.load(directory: ProviderCatalog.locate(forPlanAt: start, explicit: providers))
        } catch {
            console.diagnostics(error.diagnostics)
            throw ExitStatus.invalidInput.exitCode
        }
    }
}

struct ProvidersListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the profiles (the default).")

    @OptionGroup var lookup: ProviderLookupOptions
    @Flag(help: "Print JSON (an array of profiles) instead of a table.") var json = false

    func run() throws {
        let console = Console()
        let catalog = try lookup.catalog(console: console)
        let rows = catalog.profiles.keys.sorted().map { name in
            ProviderRow(profile: catalog.profiles[name]!, origin: catalog.origins[name] ?? .builtIn)
        }
        if json {
            console.output(String(decoding: try JSONOutput.encode(rows), as: UTF8.self) + "\n")
            return
        }
        let width = rows.map(\.name.count).max() ?? 0
        for row in rows {
            let name = row.name.padding(toLength: width, withPad: " ", startingAt: 0)
            console.line("\(name)  \(row.origin)" + (row.description.map { "  \($0)" } ?? ""))
            console.line(String(repeating: " ", count: width + 2) + "parameters: " + row.parameters.joined(separator: ", "))
        }
    }
}

struct ProvidersShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print one profile's YAML.")

    @Argument(help: "The profile's name (eks, aks, kubectl, or one of a providers/ folder).") var name: String
    @OptionGroup var lookup: ProviderLookupOptions

    func run() throws {
        let console = Console()
        let catalog = try lookup.catalog(console: console)
        switch catalog.origins[name] {
        case .builtIn:
            console.output(BuiltInProfiles.texts.first { $0.name == name }!.text + "\n")
        case .file(let path, _):
            console.output((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
        case nil:
            let known = catalog.profiles.keys.sorted()
            console.error("no provider profile named '\(name)'"
                + (Suggestion.didYouMean(name, among: known).map { "; \($0)" } ?? "")
                + " (profiles: \(catalog.describedNames))")
            throw ExitStatus.invalidInput.exitCode
        }
    }
}

/// One line of `bosun providers`.
private struct ProviderRow: Encodable {
    var name: String
    /// "built-in", or the file's path (with "replaces the built-in" when it does).
    var origin: String
    var file: String?
    var replacesBuiltIn: Bool
    var description: String?
    var parameters: [String]

    init(profile: ProviderProfile, origin: ProviderCatalog.Origin) {
        name = profile.name
        description = profile.description
        parameters = profile.parameters.map { $0.name + ($0.required ? " (required)" : "") }
        switch origin {
        case .builtIn:
            self.origin = "built-in"
            replacesBuiltIn = false
        case .file(let path, let replaces):
            self.origin = path + (replaces ? " (replaces the built-in)" : "")
            file = path
            replacesBuiltIn = replaces
        }
    }
}
