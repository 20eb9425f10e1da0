import CLibGit2

/// Conversions between libgit2's binary object ids and the hex strings GitKit hands out.
enum ObjectID {
    static func hex(_ oid: UnsafePointer<git_oid>) -> String {
        // 40 hex digits and the terminating NUL that git_oid_tostr writes.
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, buffer.count, oid)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func parse(_ hex: String) throws(GitError) -> git_oid {
        var oid = git_oid()
        try LibGit2.check(git_oid_fromstr(&oid, hex), "reading the object id '\(hex)'")
        return oid
    }
}
