import BosunBasics
import Foundation
import PlanLoading
import Yams

/// Reads one provider profile file, reporting every problem with its location, including
/// placeholders that name no parameter.
package enum ProviderProfileLoader {
    package static func load(path: String) throws(DiagnosticError) -> ProviderProfile {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticError(.error("cannot read provider profile", at: .file(path)))
        }
        return try parse(text, file: path)
    }

    package static func parse(_ text: String, file: String) throws(DiagnosticError) -> ProviderProfile {
        var fields = YAMLFields(file: file)
        let root = try YAMLDocument.compose(text, file: file)
        let profile = read(root, &fields)
        if let profile { validatePlaceholders(profile, &fields) }
        try fields.diagnostics.check()
        return profile!
    }

    private static func read(_ root: Node, _ fields: inout YAMLFields) -> ProviderProfile? {
        let allowed = ["provider", "description", "parameters", "tools", "connect", "health"]
        guard let top = fields.keyed(root, field: "provider profile", allowed: allowed) else { return nil }
        let name = top.require("provider", in: "provider profile", into: &fields).flatMap { fields.string($0, field: "provider") }
        let parameters = top["parameters"].map { readParameters($0, &fields) } ?? []
        let tools = top["tools"].map { readTools($0, &fields) } ?? []
        var connect: [ArgvTemplate] = []
        if let node = top.require("connect", in: "provider profile", into: &fields) {
            if case .sequence(let sequence) = node {
                connect = sequence.compactMap { readTemplate($0, field: "connect", &fields) }
            } else {
                fields.diagnostics.error("'connect' must be a list of commands", at: fields.location(of: node))
            }
        }
        let health = top.require("health", in: "provider profile", into: &fields).flatMap { readTemplate($0, field: "health", &fields) }
        guard let name, let health else { return nil }
        return ProviderProfile(
            name: name.value, description: top["description"].flatMap { fields.string($0, field: "description")?.value },
            file: fields.file, parameters: parameters, tools: tools, connect: connect, health: health)
    }

    private static func readParameters(_ node: Node, _ fields: inout YAMLFields) -> [ProviderProfile.Parameter] {
        guard let pairs = fields.mapping(node, field: "parameters") else { return [] }
        return pairs.compactMap { key, value in
            guard let name = fields.string(key, field: "parameter name"),
                  let keyed = fields.keyed(value, field: "parameter '\(name.value)'", allowed: ["required", "path", "description"])
            else { return nil }
            return ProviderProfile.Parameter(
                name: name.value,
                required: keyed["required"].flatMap { fields.bool($0, field: "required") } ?? false,
                isPath: keyed["path"].flatMap { fields.bool($0, field: "path") } ?? false,
                description: keyed["description"].flatMap { fields.string($0, field: "description")?.value })
        }
    }

    private static func readTools(_ node: Node, _ fields: inout YAMLFields) -> [ProviderProfile.Tool] {
        guard let pairs = fields.mapping(node, field: "tools") else { return [] }
        return pairs.compactMap { key, value in
            guard let name = fields.string(key, field: "tool name"),
                  let argv = fields.strings(value, field: "tools.\(name.value)") else { return nil }
            return ProviderProfile.Tool(name: name.value, versionArgv: argv.map(\.value))
        }
    }

    private static func readTemplate(_ node: Node, field: String, _ fields: inout YAMLFields) -> ArgvTemplate? {
        guard let keyed = fields.keyed(node, field: field, allowed: ["argv", "optional", "stdout", "expect"]),
              let argvNode = keyed.require("argv", in: field, into: &fields),
              let argv = fields.strings(argvNode, field: "\(field).argv") else { return nil }
        var optional: [(String, [String])] = []
        if let optionalNode = keyed["optional"], let pairs = fields.mapping(optionalNode, field: "\(field).optional") {
            for (key, value) in pairs {
                guard let parameter = fields.string(key, field: "optional parameter"),
                      let words = fields.strings(value, field: "\(field).optional.\(parameter.value)") else { continue }
                optional.append((parameter.value, words.map(\.value)))
            }
        }
        return ArgvTemplate(
            argv: argv.map(\.value), optional: optional,
            stdout: keyed["stdout"].flatMap { fields.string($0, field: "\(field).stdout")?.value },
            expect: keyed["expect"].flatMap { fields.string($0, field: "\(field).expect")?.value },
            location: keyed.location)
    }

    private static func validatePlaceholders(_ profile: ProviderProfile, _ fields: inout YAMLFields) {
        let known = Set(profile.parameters.map(\.name) + [ArgvTemplate.runKubeconfig])
        for template in profile.connect + [profile.health] {
            for name in template.placeholders where !known.contains(name) {
                fields.diagnostics.error(
                    "unknown placeholder '{\(name)}' in provider '\(profile.name)'", at: template.location,
                    hint: "known placeholders: \(known.sorted().map { "{\($0)}" }.joined(separator: ", "))")
            }
            for (parameter, _) in template.optional where profile.parameter(named: parameter) == nil {
                fields.diagnostics.error("optional words for unknown parameter '\(parameter)'", at: template.location)
            }
        }
    }
}
