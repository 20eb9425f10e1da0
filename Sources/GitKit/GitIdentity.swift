/// A person as git records them: the author of a commit, or the user from git config.
package struct GitIdentity: Sendable, Hashable, CustomStringConvertible {
    package var name: String
    package var email: String

    package init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    package var description: String { "\(name) <\(email)>" }
}
