import BosunBasics

/// The profiles compiled into Bosun, so that a plan in any folder can name `eks`, `aks` or
/// `kubectl` without a `providers/` folder beside it (or committed with it, for `--rev` runs).
package enum BuiltInProfiles {
    /// Each profile's name and YAML text, in the order `bosun providers` lists them.
    package static let texts: [(name: String, text: String)] = [
        ("eks", eksText), ("aks", aksText), ("kubectl", kubectlText),
    ]

    /// How diagnostics and `bosun providers` name a built-in profile's text.
    package static func file(of name: String) -> String { "<built-in>/\(name).yaml" }

    /// The parsed profiles. A built-in that does not parse is a bug of this build, caught by the
    /// tests that load every one of them; the catalog reports it like a broken file.
    static func load() throws(DiagnosticError) -> [ProviderProfile] {
        var profiles: [ProviderProfile] = []
        for (name, text) in texts {
            profiles.append(try ProviderProfileLoader.parse(text, file: file(of: name)))
        }
        return profiles
    }
}
