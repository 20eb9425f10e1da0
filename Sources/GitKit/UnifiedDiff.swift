import CLibGit2
import Foundation

/// The patch `git diff` prints for one file going from one content to another, made by libgit2
/// (its xdiff: Myers' algorithm, three lines of context, `diff --git`, `---`/`+++` and `@@`
/// headers, "Binary files … differ" for binary content).
///
/// It diffs bytes the caller gives rather than git objects, so that a caller can mask secrets
/// in each version before the diff is made: masking the printed patch instead would miss a
/// multi-line value, which the patch splits into lines that each begin with `+`, `-` or a space.
package enum UnifiedDiff {
    /// The patch from `old` to `new` (nil: the file does not exist on that side), naming the file
    /// `path` in its headers; empty when the two are the same.
    package static func patch(from old: Data?, to new: Data?, path: String) throws(GitError) -> String {
        LibGit2.ensureInitialized()
        var options = git_diff_options()
        try LibGit2.check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "preparing a diff")
        options.context_lines = 3
        // The patch points into both buffers until it is freed: it is printed while they live.
        return try withBytes(old) { oldBytes throws(GitError) in
            try withBytes(new) { newBytes throws(GitError) in
                let patch = try LibGit2.make("comparing two versions of \(path)") {
                    git_patch_from_buffers(
                        &$0, oldBytes.baseAddress, oldBytes.count, path,
                        newBytes.baseAddress, newBytes.count, path, &options)
                }
                defer { git_patch_free(patch) }
                var buffer = git_buf()
                defer { git_buf_dispose(&buffer) }
                try LibGit2.check(git_patch_to_buf(&buffer, patch), "printing the diff of \(path)")
                guard let bytes = buffer.ptr else { return "" }
                return withoutObjectHeaders(String(decoding: UnsafeRawBufferPointer(start: bytes, count: buffer.size), as: UTF8.self))
            }
        }
    }

    /// The patch without its `index` and file-mode lines: libgit2 writes them for the buffers it
    /// was given (hashes of what may be masked text, and a mode it cannot know), which would
    /// name objects that are in no repository.
    private static func withoutObjectHeaders(_ patch: String) -> String {
        let lines = patch.split(separator: "\n", omittingEmptySubsequences: false)
        let headerEnd = lines.firstIndex { $0.hasPrefix("--- ") || $0.hasPrefix("Binary files ") } ?? 0
        let header = lines[..<headerEnd].filter { line in
            !["index ", "new file mode ", "deleted file mode "].contains { line.hasPrefix($0) }
        }
        return (header + lines[headerEnd...]).joined(separator: "\n")
    }

    /// Runs `body` with the bytes of `data`; a missing side has no address, which is how
    /// libgit2 tells a file that does not exist from an empty one.
    private static func withBytes<T>(
        _ data: Data?, _ body: (UnsafeRawBufferPointer) throws(GitError) -> T
    ) throws(GitError) -> T {
        guard let data else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        // An empty file still needs an address: a nil one would mean "no file".
        let bytes = data.isEmpty ? Data([0]) : data
        // `withUnsafeBytes` does not pass a typed error through; a Result does.
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(GitError) -> T in try body(UnsafeRawBufferPointer(start: raw.baseAddress, count: data.count)) }
        }
        return try result.get()
    }
}
