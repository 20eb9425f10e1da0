import BosunBasics
import PlanLoading
import Providers

/// Checks an environment against its provider profile: the provider exists, required
/// parameters are given, and no parameter is unknown to the profile.
enum ProviderCheck {
    static func profile(for environment: EnvironmentSpec, in catalog: ProviderCatalog, _ diagnostics: inout DiagnosticBag) -> ProviderProfile? {
        guard let name = environment.provider else { return nil }
        guard let profile = catalog.profiles[name.value] else {
            let known = catalog.profiles.keys.sorted()
            diagnostics.error(
                "unknown provider '\(name.value)' in environment '\(environment.name.value)'", at: name.location,
                hint: (Suggestion.didYouMean(name.value, among: known).map { $0 + " " } ?? "")
                    + "profiles: \(catalog.describedNames); `bosun providers` lists them")
            return nil
        }
        let given = Set(environment.parameters.map(\.value.name))
        for parameter in profile.parameters where parameter.required && !given.contains(parameter.name) {
            diagnostics.error(
                "environment '\(environment.name.value)' is missing '\(parameter.name)', required by provider '\(profile.name)'",
                at: environment.name.location,
                hint: parameter.description.map { "\(parameter.name): \($0)" })
        }
        let known = profile.parameters.map(\.name)
        for parameter in environment.parameters where !known.contains(parameter.value.name) {
            diagnostics.error(
                "unknown key '\(parameter.value.name)' in environment '\(environment.name.value)'", at: parameter.location,
                hint: (Suggestion.didYouMean(parameter.value.name, among: known + PlanLoader.environmentKeys).map { $0 + " " } ?? "")
                    + "provider '\(profile.name)' takes: \(known.joined(separator: ", ")); every environment may have: " + PlanLoader.environmentKeys.joined(separator: ", "))
        }
        return profile
    }
}
