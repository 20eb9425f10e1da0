import BosunBasics
import PlanModel

/// The resolved variables of both sides of a comparison, masked, and which secret ones changed:
/// a secret's value is never shown, only that it is different.
struct StepVariables {
    private let old: [String: String]
    private let new: [String: String]
    private let secretNames: Set<String>
    private let changedSecrets: Set<String>

    /// `old` and `new` as compiled, before they are masked (their secrets are needed to mask).
    init(old: CompiledPlan, new: CompiledPlan) {
        // A variable built from a secret (`https://${token}@host`) holds it too.
        let redactor = Redactor(secrets: old.secrets + new.secrets)
        self.old = old.variables.mapValues(redactor.redact)
        self.new = new.variables.mapValues(redactor.redact)
        secretNames = Set(old.secretVariables.keys).union(new.secretVariables.keys)
        changedSecrets = secretNames.filter { old.secretVariables[$0] != new.secretVariables[$0] }
    }

    /// The variables among `names` whose value differs, by name.
    func changes(among names: Set<String>) -> [VariableChange] {
        names.sorted().compactMap { name in
            if secretNames.contains(name) {
                guard changedSecrets.contains(name) else { return nil }
                return VariableChange(name: name, old: old[name].map { _ in Redactor.mask }, new: new[name].map { _ in Redactor.mask }, secret: true)
            }
            guard old[name] != new[name] else { return nil }
            return VariableChange(name: name, old: old[name], new: new[name])
        }
    }
}
